"""``python -m engines.linkage.link_file MENTIONS.csv --out CLUSTERS.csv`` (mosaic link-file)."""

from engines.linkage._internal.link_file import main

if __name__ == "__main__":
    raise SystemExit(main())
