"""berakhlak: the open platform for the BerAKHLAK work-culture survey."""

__version__ = "0.1.0"
