"""VPC Designer: draw AWS networks and watch packets and DNS lookups move through them."""

__version__ = "0.1.0"
