"""The headless command line: thin argparse commands over ``scheduler.services``."""
