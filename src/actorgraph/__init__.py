"""actorgraph: sourced, time-aware knowledge graphs of armed groups from open-source reports."""

__version__ = "0.1.0"
