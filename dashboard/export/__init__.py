"""Exports for reports: chart images, tables (XLSX/CSV) and the report pack (PDF/DOCX)."""
