"""renstra-docs: the Renstra of a government unit, from YAML plan data to the official PDF."""

__version__ = "0.1.0"
