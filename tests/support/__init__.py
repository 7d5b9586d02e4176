"""Helpers shared by the gzgk tests (LibreOffice harness: see ``libreoffice.py``)."""
