"""Data at scale (`twincity seed-scale`): deterministic, realistically shaped, bulk-written.

`shapes` holds the sizes and the logins, `names` the Chinese vocabulary, `writer` the bulk
insert, `org` the organisation and accounts, `plan` each item's history, `build` the rest.
"""
