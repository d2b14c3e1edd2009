"""An administrative document of the Sở Nội vụ, laid out after Nghị định 30/2020/NĐ-CP: what
the leadership report pack (``dashboard.export.report``) and the units' feedback notices
(``dashboard.export.notice``) share.

* :mod:`.letterhead` — the issuing body (:class:`Issuer`) and the fixed frame of a document
  (:class:`Letterhead`): the two-column title block (issuing body, national motto, "Số: …",
  place and date), the kind of document and its title, "Nơi nhận:" and the signer;
* :mod:`.blocks` — a document's body as blocks (headings, paragraphs, tables, figures);
* :mod:`.pdf` (fpdf2) and :mod:`.docx` (python-docx) — the two layouts of the frame and the
  blocks: A4, Times New Roman (a Noto/DejaVu Serif stand-in in the PDF), "Trang x/y".

Every fixed text comes from ``dashboard.i18n`` in the document's language; no font, image or
style is fetched from anywhere (the PDF embeds Debian's own font files).
"""
