"""The fixed frame of an administrative document: who issues it, its title block, whom it is
sent to, who signs it.  Plain frozen dataclasses, every text final in the document's language.

    issuer = Issuer.of("vi")                     # the Sóc Trăng Department of Home Affairs
    head = Letterhead(lang="vi", issuer=issuer, number="Số:{blank}/BC-SNV",
                      date_line=date_line(issuer.place, date(2023, 12, 8), "vi"),
                      heading="BÁO CÁO", title="Kết quả thẩm định …",
                      document_title="Báo cáo …", recipients=issuer.recipients)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.i18n import Lang, t

BLANK = "{blank}"  # in Letterhead.number: where a writer leaves room for the number by hand


@dataclass(frozen=True)
class Issuer:
    """The issuing body in the title block, and the place in the date line."""

    authority: str
    agency: str
    agency_name: str  # in running text
    agency_short: str  # in the document number "Số: …/BC-SNV"
    place: str
    framework: str  # the decision the index is built on, as cited in the first sentence
    recipients: tuple[str, ...]  # the report's "Nơi nhận"
    signer_title: str

    @classmethod
    def of(cls, lang: Lang) -> Issuer:
        """The Sóc Trăng Department of Home Affairs, in ``lang`` (``dashboard.i18n``)."""
        return cls(
            authority=t("report.authority", lang),
            agency=t("report.agency", lang),
            agency_name=t("report.agency_name", lang),
            agency_short=t("report.agency_short", lang),
            place=t("report.place", lang),
            framework=t("report.framework", lang),
            recipients=tuple(t("report.recipients", lang).split("\n")),
            signer_title=t("report.signer_title", lang),
        )


def date_line(place: str, issued: date, lang: Lang) -> str:
    """``Sóc Trăng, ngày 08 tháng 12 năm 2023``; English ``Soc Trang, 2023-12-08``.

    Nghị định 30/2020/NĐ-CP: a zero before days 1–9 and months 1–2 ("tháng 02", "tháng 5");
    English: ISO 8601, as ``dashboard.formatting`` writes English dates."""
    month = str(issued.month) if lang == "vi" and issued.month >= 3 else f"{issued.month:02d}"
    return t("report.date_line", lang, place=place, day=f"{issued.day:02d}", month=month,
             year=issued.year)  # fmt: skip


@dataclass(frozen=True)
class Letterhead:
    """What frames a document's body: the title block above it, "Nơi nhận" and the signer
    below it."""

    lang: Lang
    issuer: Issuer
    number: str  # "Số:{blank}/BC-SNV": the writer puts its room for the number at {blank}
    date_line: str
    heading: str  # the kind of document: "BÁO CÁO", "THÔNG BÁO"
    title: str  # what it is about, under the heading
    document_title: str  # the PDF's title (metadata)
    recipients: tuple[str, ...]
    addressee: str = ""  # "Kính gửi: …", under the title (a document sent to one body)

    def number_line(self, blank: str) -> str:
        """The "Số:" line with ``blank`` where the number is written by hand."""
        return self.number.replace(BLANK, blank)

    @property
    def nation(self) -> str:
        return t("report.nation", self.lang)

    @property
    def motto(self) -> str:
        return t("report.motto", self.lang)

    @property
    def recipients_label(self) -> str:
        return t("report.recipients_label", self.lang)

    def page_label(self, page: object, pages: object) -> str:
        """``Trang 2/5`` (``Page 2/5``)."""
        return t("report.page", self.lang, page=page, pages=pages)
