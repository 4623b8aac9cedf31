#!/usr/bin/env bash
# Copies the pinned front-end packages from node_modules into the git-ignored static/vendor.
set -eu
out=static/vendor
mkdir -p "$out/bootstrap" "$out/echarts"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts/"
