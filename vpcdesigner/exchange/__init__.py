"""Import and export of designs in other tools' formats (Qt-free)."""
