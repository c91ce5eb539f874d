#!/usr/bin/env python
from styr.cli import main

if __name__ == "__main__":
    main()
