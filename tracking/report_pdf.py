"""The report (tracking/report.py) as a one-page A4 PDF, drawn with fpdf2.

fpdf2 is pure Python and installs from PyPI wheels alone (no Pango, Cairo or browser on the
server), so `make run` stays the only set-up step. The figures are drawn as vector lines and
shapes from the same coordinates the page's SVG uses (tracking/report_chart.py), scaled to the
page's width.

The PDF uses the standard Helvetica, which every PDF reader has, so nothing is embedded; its
encoding is Windows-1252 (Western European letters, curly quotes, dashes). A character outside
it is written as its plain letter when it has one (ł as l), else as "?".

Text is never smaller than MIN_POINTS. The page has a fixed frame and every part of the report
has a bounded size (tracking/report.py caps notes and plan lines), so it is one page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from tracking import report_chart
from tracking.charts import XLabel
from tracking.report import WORDS, Report, long_date, pain_text, short_date

MARGIN = 10.0  # mm
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
WIDTH = PAGE_WIDTH - 2 * MARGIN
MIN_POINTS = 9
BODY = 9
HEADING = 10
TITLE = 15
LINE = 3.8  # mm between lines of body text: 9 pt and a fifth
ROW = 4.0  # mm a table row
GAP = 2.2  # mm above each section heading
COLUMN_GAP = 6.0
GREY_BAND = 225
GREY_LINE = 150
ENCODING = "windows-1252"


def printable(text: str) -> str:
    """`text` in the PDF's encoding: each other character as its plain letter, else "?"."""
    out = []
    for character in text:
        try:
            character.encode(ENCODING)
            out.append(character)
            continue
        except UnicodeEncodeError:
            pass
        plain = "".join(
            part
            for part in unicodedata.normalize("NFKD", character)
            if not unicodedata.combining(part)
        )
        try:
            plain.encode(ENCODING)
            out.append(plain or "?")
        except UnicodeEncodeError:
            out.append(PLAIN_LETTERS.get(character, "?"))
    return "".join(out)


# Letters NFKD does not take apart.
PLAIN_LETTERS = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "→": "->"}


class ReportPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + LINE + 1)
        self.set_creator("Hipflex")
        self.set_title(WORDS["title"])
        self.add_page()

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(printable(text))

    def font(self, size: float = BODY, style: str = "") -> None:
        if size < MIN_POINTS:
            raise ValueError(f"the report's text is {MIN_POINTS} pt or more, not {size}")
        self.set_font("Helvetica", style, size)

    def heading(self, text: str) -> None:
        self.set_y(self.get_y() + GAP)
        self.font(HEADING, "B")
        self.cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.font()

    def paragraph(self, text: str, width: float = 0) -> None:
        self.font()
        self.multi_cell(width, LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fitted(self, text: str, width: float) -> str:
        """`text` cut to fit `width`, with an ellipsis when cut."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"


def report_pdf(report: Report) -> bytes:
    pdf = ReportPDF()
    _header(pdf, report)
    _training(pdf, report)
    _pain(pdf, report)
    _tasks(pdf, report)
    _plan(pdf, report)
    _tests_and_safety(pdf, report)
    _notes(pdf, report)
    _footer(pdf)
    return bytes(pdf.output())


def _header(pdf: ReportPDF, report: Report) -> None:
    pdf.font(TITLE, "B")
    pdf.cell(WIDTH * 0.6, 6.5, WORDS["title"])
    pdf.font()
    pdf.cell(0, 6.5, f"Made on {long_date(report.made_on)}", align=Align.R)
    pdf.ln(7)
    pdf.paragraph(f"For {report.person}. {report.period.label}.")


def _training(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(WORDS["training"])
    if not report.has_history:
        pdf.paragraph(WORDS["no_training"])
        return
    if report.weeks_figure is not None:
        _weeks_figure(pdf, report.weeks_figure)
    else:
        _weeks_table(pdf, report)
    pdf.paragraph(report.training_words)


def _weeks_table(pdf: ReportPDF, report: Report) -> None:
    label_width = 30.0
    count = len(report.weeks)
    column = min(14.0, (WIDTH - label_width) / max(count, 1))
    rows = [
        ("Week of", [short_date(week.monday) for week in report.weeks]),
        ("Sessions done", [f"{week.done} of {week.planned}" for week in report.weeks]),
        ("Median pain", [pain_text(week.median_pain) for week in report.weeks]),
    ]
    pdf.set_draw_color(GREY_LINE)
    pdf.set_line_width(0.15)
    for number, (label, cells) in enumerate(rows):
        pdf.font(BODY, "B" if number == 0 else "")
        pdf.cell(label_width, ROW, label, border="B")
        for text in cells:
            pdf.cell(column, ROW, text, border="B", align=Align.C)
        pdf.ln(ROW)
    pdf.font()
    pdf.set_y(pdf.get_y() + 1)


def _weeks_figure(pdf: ReportPDF, figure: report_chart.WeeksFigure) -> None:
    scale = WIDTH / figure.width
    left, top = MARGIN, pdf.get_y()

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    pdf.set_line_width(0.15)
    pdf.set_draw_color(GREY_LINE)
    for value, y in ((0, figure.base), (figure.most, figure.top)):
        pdf.line(*at(figure.plot_left, y), *at(figure.plot_right, y))
        _label(pdf, *at(figure.plot_left - 8, y), str(value), "end", middle=True)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.25)
    for bar in figure.bars:
        x, y = at(bar.x, bar.planned_top)
        if bar.planned:
            pdf.rect(x, y, bar.width * scale, (figure.base - bar.planned_top) * scale, style="D")
        if bar.done:
            x, y = at(bar.x, bar.done_top)
            pdf.set_fill_color(0)
            pdf.rect(x, y, bar.width * scale, (figure.base - bar.done_top) * scale, style="F")
    _x_labels(pdf, figure.x_labels, at, figure.height - 8)
    pdf.set_y(top + figure.height * scale + 1)
    _legend(
        pdf,
        [
            ("bar-outline", WORDS["planned"]),
            ("bar-filled", WORDS["done"]),
        ],
    )


def _pain(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(WORDS["pain"])
    figure = report.pain
    if figure is None:
        pdf.paragraph(WORDS["no_pain"])
        return
    scale = WIDTH / figure.width
    left, top = MARGIN, pdf.get_y()

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    band_left, band_top = at(figure.plot_left, figure.safe_top)
    band_right, band_bottom = at(figure.plot_right, figure.plot_bottom)
    pdf.set_fill_color(GREY_BAND)
    pdf.rect(band_left, band_top, band_right - band_left, band_bottom - band_top, style="F")
    pdf.set_draw_color(GREY_LINE)
    pdf.set_line_width(0.15)
    for line in figure.gridlines:
        pdf.line(*at(figure.plot_left, line.y), *at(figure.plot_right, line.y))
        _label(pdf, *at(figure.plot_left - 8, line.y), line.label, "end", middle=True)
    _x_labels(pdf, figure.x_labels, at, figure.height - 8)
    pdf.set_draw_color(0)
    pdf.set_fill_color(0)
    for series in figure.lines:
        pdf.set_line_width(0.3)
        if series.dash:
            dash, gap = series.dash_lengths
            pdf.set_dash_pattern(dash=dash * scale, gap=gap * scale)
        if len(series.points) > 1:
            pdf.polyline([at(x, y) for x, y in series.points])
        pdf.set_dash_pattern()
        pdf.set_line_width(0.2)
        for x, y in series.points:
            _marker(pdf, series.shape, *at(x, y), report_chart.MARKER * scale, series.filled)
    for x in figure.flares:
        _marker(pdf, "diamond", *at(x, figure.marks_y), report_chart.MARK * scale, True)
    for x in figure.eased:
        _marker(pdf, "diamond", *at(x, figure.marks_y), report_chart.MARK * scale, False)
    pdf.set_y(top + figure.height * scale + 1)
    _legend(
        pdf,
        [(line.shape + ("" if line.filled else "-open"), line.label) for line in figure.lines]
        + [
            ("diamond", WORDS["flare"]),
            ("diamond-open", WORDS["eased"]),
            ("band", WORDS["safe"]),
        ],
    )
    pdf.paragraph(report.pain_words)


def _marker(pdf: ReportPDF, shape: str, x: float, y: float, size: float, filled: bool) -> None:
    pdf.set_fill_color(0 if filled else 255)
    if shape == "circle":
        pdf.circle(x, y, size, style="DF")
    else:
        pdf.polygon(report_chart.marker_points(shape, x, y, size), style="DF")


def _label(
    pdf: ReportPDF, x: float, y: float, text: str, anchor: str, *, middle: bool = False
) -> None:
    pdf.font()
    width = pdf.get_string_width(text)
    shift = {"start": 0, "middle": width / 2, "end": width}[anchor]
    baseline = y + 1.1 if middle else y
    pdf.text(x - shift, baseline, text)


def _x_labels(
    pdf: ReportPDF,
    labels: Sequence[XLabel],
    at: Callable[[float, float], tuple[float, float]],
    y: float,
) -> None:
    for number, label in enumerate(labels):
        anchor = "start" if number == 0 else "end" if number == len(labels) - 1 else "middle"
        _label(pdf, *at(label.x, y), label.label, anchor)


def _legend(pdf: ReportPDF, entries: list[tuple[str, str]]) -> None:
    """Each entry's symbol and words, on as many lines as they need."""
    pdf.font()
    x, y = MARGIN, pdf.get_y()
    symbol = 2.0
    for key, words in entries:
        width = symbol * 2 + 1.5 + pdf.get_string_width(words) + 4
        if x + width > MARGIN + WIDTH:
            x, y = MARGIN, y + LINE
        _legend_symbol(pdf, key, x + symbol, y + LINE / 2, symbol)
        pdf.text(x + symbol * 2 + 1.5, y + LINE / 2 + 1.1, words)
        x += width
    pdf.set_y(y + LINE + 0.5)


def _legend_symbol(pdf: ReportPDF, key: str, x: float, y: float, size: float) -> None:
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    shape, _, open_ = key.partition("-")
    if shape == "band":
        pdf.set_fill_color(GREY_BAND)
        pdf.rect(x - size, y - size * 0.7, size * 2, size * 1.4, style="F")
    elif shape == "bar":
        pdf.set_fill_color(0)
        style = "D" if open_ == "outline" else "F"
        pdf.rect(x - size * 0.6, y - size, size * 1.2, size * 2, style=style)
    else:
        _marker(pdf, shape, x, y, size * 0.75, filled=not open_)


def _tasks(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(WORDS["tasks"])
    if not report.tasks:
        pdf.paragraph(WORDS["no_tasks"])
        return
    widths = (66.0, 32.0, 32.0, 24.0, WIDTH - 154.0)
    header = ("Task", "At the start", "Latest", "Change", "Milestone")
    pdf.set_draw_color(GREY_LINE)
    pdf.set_line_width(0.15)
    pdf.font(BODY, "B")
    for width, text in zip(widths, header, strict=True):
        pdf.cell(width, ROW, text, border="B")
    pdf.ln(ROW)
    pdf.font()
    for task in report.tasks:
        today = report.made_on
        cells = (
            pdf.fitted(task.name, widths[0] - 1),
            f"{task.baseline} on {short_date(task.started_on, today)}",
            f"{task.latest} on {short_date(task.latest_on, today)}" if task.latest_on else "–",
            task.change_text,
            f"reached {short_date(task.milestone_on, today)}" if task.milestone_on else "–",
        )
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, ROW, text, border="B")
        pdf.ln(ROW)


def _plan(pdf: ReportPDF, report: Report) -> None:
    plan = report.plan
    pdf.heading(WORDS["plan"])
    if not plan.days:
        pdf.paragraph(WORDS["no_plan"])
        return
    # Flowing text, each day's name in bold: write() carries on where the last words ended.
    pdf.font()
    if plan.block:
        pdf.write(LINE, f"{plan.block}. ")
    for number, day in enumerate(plan.days):
        pdf.font(BODY, "B")
        pdf.write(LINE, f"{'  ' if number else ''}{day.label}: ")
        pdf.font()
        pdf.write(LINE, day.text)
    pdf.ln(LINE)
    pdf.paragraph(plan.extras)


def _tests_and_safety(pdf: ReportPDF, report: Report) -> None:
    """The hip self-test on the left; the safety answers, when included, on the right."""
    top = pdf.get_y()
    half = (WIDTH - COLUMN_GAP) / 2
    pdf.heading(WORDS["hip"])
    hip = report.hip
    if hip is None:
        pdf.paragraph(WORDS["no_hip"], half)
    else:
        side_width = 11.0
        dates = [f"First, {short_date(hip.first_on, report.made_on)}"]
        if hip.latest_on:
            dates.append(f"Latest, {short_date(hip.latest_on, report.made_on)}")
        column = (half - side_width) / len(dates)
        pdf.font(BODY, "B")
        pdf.cell(side_width, ROW, "Side", border="B")
        for text in dates:
            pdf.cell(column, ROW, text, border="B")
        pdf.ln(ROW)
        pdf.font()
        for line in hip.sides:
            cells = [line.first, line.latest][: len(dates)]
            y = pdf.get_y()
            pdf.cell(side_width, LINE, line.side)
            bottom = y
            for text in cells:
                pdf.multi_cell(column, LINE, text, align=Align.L, new_x=XPos.RIGHT, new_y=YPos.TOP)
                lines = len(pdf.multi_cell(column, LINE, text, dry_run=True, output="LINES"))
                bottom = max(bottom, y + lines * LINE)
            pdf.set_xy(MARGIN, bottom)
        pdf.paragraph(hip.verdict, half)
    left_bottom = pdf.get_y()
    right_bottom = top
    if report.safety is not None:
        right = MARGIN + half + COLUMN_GAP
        pdf.set_y(top)
        pdf.set_left_margin(right)
        pdf.set_x(right)
        pdf.heading(WORDS["safety"])
        pdf.paragraph(report.safety.text, half)
        right_bottom = pdf.get_y()
        pdf.set_left_margin(MARGIN)
    pdf.set_xy(MARGIN, max(left_bottom, right_bottom))


def _notes(pdf: ReportPDF, report: Report) -> None:
    if not report.notes:
        return
    pdf.heading(WORDS["notes"])
    for note in report.notes:
        shortened = " (shortened)" if note.shortened else ""
        day = short_date(note.date, report.made_on)
        pdf.paragraph(f"{day}, {note.kind.lower()}: {note.text}{shortened}")


def _footer(pdf: ReportPDF) -> None:
    pdf.set_auto_page_break(False)
    pdf.set_xy(MARGIN, PAGE_HEIGHT - MARGIN - LINE)
    pdf.font()
    pdf.cell(WIDTH, LINE, WORDS["footer"])
