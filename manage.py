#!/usr/bin/env python
from twincity.manage import main

if __name__ == "__main__":
    main()
