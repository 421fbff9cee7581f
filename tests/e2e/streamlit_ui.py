"""How a user drives the Streamlit app in Playwright: the sidebar, select boxes, text inputs, the
canvas score grid, and knowing when a page has finished rendering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # playwright is imported where it is used, so a missing install skips cleanly
    from playwright.sync_api import Locator, Page

# Glide data grid (st.dataframe / st.data_editor) draws rows of this height, header included.
GRID_ROW_PIXELS = 35
# The first grid column is the pinned criterion name: a click a little inside it lands on a row.
GRID_FIRST_COLUMN_X = 20

_IDLE_APP = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
             '[data-test-connection-state="CONNECTED"]')

# Every canvas grid and plotly chart has painted: glide marks its canvas with a size once laid
# out; plotly adds `.main-svg` when it has drawn. Two animation frames let the canvases flush.
_PAINTED = """() => new Promise(resolve => {
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const grids = [...document.querySelectorAll('[data-testid="data-grid-canvas"]')];
    const ready = charts.every(c => c.querySelector('.main-svg'))
        && grids.every(g => g.width > 0 && g.height > 0)
        && !document.querySelector('[data-testid="stSkeleton"]');
    if (!ready) { resolve(false); return; }
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
})"""


def expect(actual: object):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(actual)


def wait_until_idle(page: Page) -> None:
    """The script run has finished, the browser is connected and everything has painted."""
    page.locator(_IDLE_APP).wait_for()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    page.wait_for_function(_PAINTED)
    page.locator(_IDLE_APP).wait_for()


def sidebar_link(page: Page, title: str) -> Locator:
    """The sidebar's link to a page; with many pages Streamlit folds some under "View N more"."""
    nav = page.get_by_test_id("stSidebarNav")
    link = nav.get_by_test_id("stSidebarNavLink").filter(
        has=page.get_by_text(title, exact=True))
    nav.get_by_test_id("stSidebarNavLink").first.wait_for()
    if not link.is_visible():
        nav.get_by_text(re.compile(r"^View \d+ more$")).click()
    return link


def go_to(page: Page, link: str, heading: str | None = None) -> None:
    """Click a page in the sidebar and wait until it has rendered under its heading."""
    sidebar_link(page, link).click()
    page.get_by_role("heading", name=heading or link, exact=True).wait_for()
    wait_until_idle(page)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Overview", exact=True).wait_for()
    wait_until_idle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in the select box with this label."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(option)
    wait_until_idle(page)


def type_into(page: Page, label: str, text: str) -> None:
    """Type into a text input and press Enter, as a user applies it."""
    field = page.get_by_label(label, exact=True)
    field.click()
    field.press_sequentially(text)
    field.press("Enter")
    expect(page.get_by_text(re.compile("^Press Enter to apply"))).to_have_count(0)
    wait_until_idle(page)


def grid_cell(grid: Locator, row: str, column: str) -> Locator:
    """A cell of a canvas grid, found in the grid's accessibility table by its row's text and
    its column's header. The table follows the canvas a moment later: assert with `expect`."""
    index = int(_header(grid, column).get_attribute("aria-colindex"))
    return _row(grid, row).locator(f'[aria-colindex="{index}"]')


def edit_grid_cell(page: Page, grid: Locator, row: str, column: str, value: str) -> None:
    """Change one cell of an editable grid the way a keyboard user does: click the row's first
    cell, arrow across to the column, type the new value and press Enter.

    The grid is a canvas; its accessibility table (hidden from view) says which row and column
    hold the cell and which cell is selected, so the test names cells by their text, not pixels,
    and waits for each step to land before the next.
    """
    cells = _row(grid, row).get_by_role("gridcell", include_hidden=True)
    row_index = int(_row(grid, row).get_attribute("aria-rowindex"))  # 1 is the header row
    column_index = int(_header(grid, column).get_attribute("aria-colindex"))
    grid.click(position={"x": GRID_FIRST_COLUMN_X,
                         "y": (row_index - 1) * GRID_ROW_PIXELS + GRID_ROW_PIXELS / 2})
    expect(cells.nth(0)).to_have_attribute("aria-selected", "true")
    for _ in range(column_index - 1):
        page.keyboard.press("ArrowRight")
    target = cells.nth(column_index - 1)
    expect(target).to_have_attribute("aria-selected", "true")
    page.keyboard.type(value)
    editor = page.get_by_test_id("portal").locator("input, textarea")
    expect(editor).to_have_value(value)
    page.keyboard.press("Enter")
    expect(editor).to_have_count(0)
    wait_until_idle(page)


def _row(grid: Locator, text: str) -> Locator:
    return grid.get_by_role("row", include_hidden=True).filter(has_text=text)


def _header(grid: Locator, name: str) -> Locator:
    return grid.get_by_role("columnheader", name=name, exact=True, include_hidden=True)


# --- forms, select boxes, multiselects, radios, tabs, uploads, and waiting for a run ------------

def form_with(page: Page, button: str) -> Locator:
    """The form (st.form) whose submit button has this label: fields inside it are found there,
    so a label that repeats in another form on the page ("Delivery model") is not ambiguous."""
    return page.get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name=button, exact=True))


def fill_in(scope: Page | Locator, label: str, text: str) -> None:
    """Type into a field of a form, replacing what it held, without pressing Enter: the form
    sends it with its submit button, as a user fills several fields before submitting."""
    field = scope.get_by_label(label, exact=True)
    field.fill(text)
    expect(field).to_have_value(text)


def choose_in(page: Page, scope: Page | Locator, label: str, option: str) -> None:
    """Pick an option in a select box inside a form (`scope`), where the choice waits for the
    form's submit button; the list of options opens in a layer of its own at the page's top."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    _open_list(page, box, option).click()
    expect(box).to_have_value(option)
    wait_until_idle(page)


def select(page: Page, label: str, option: str, within: Locator | None = None) -> None:
    """Pick an option in a select box outside a form (within a tab, say) and wait for the run
    of the app it starts: widgets the page draws for that choice are then the new ones (a
    click on the old ones would be lost). Nothing happens when the option is already chosen."""
    box = (within or page).get_by_role("combobox", name=label, exact=True)
    if box.input_value() == option:
        return
    with app_reruns(page):
        _open_list(page, box, option).click()
    expect(box).to_have_value(option)


def pick_options(page: Page, label: str, options: list[str]) -> None:
    """Pick several options in a multiselect, one after the other, then close its list."""
    box = page.get_by_role("combobox", name=label, exact=True)
    widget = page.get_by_test_id("stMultiSelect").filter(has=box)
    for option in options:
        _open_list(page, box, option).click()
        expect(widget.get_by_text(option, exact=True)).to_be_visible()
        wait_until_idle(page)
    page.keyboard.press("Escape")
    wait_until_idle(page)


def replace_value(page: Page, label: str, value: object) -> None:
    """Replace what a text or number box holds and press Enter, as a user applies it (outside
    a form); `type_into` adds to what the box holds."""
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    wait_until_idle(page)


def pick_radio(scope: Page | Locator, option: str) -> None:
    """Click a radio button by the words beside it."""
    scope.get_by_test_id("stRadio").get_by_text(option, exact=True).click()


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true")
    wait_until_idle(page)


def upload(page: Page, label: str, *files: object) -> None:
    """Give a file uploader one or more files (paths), as a user drops them on it, and wait
    until the app has each file's name listed."""
    uploader = page.get_by_test_id("stFileUploader").filter(
        has=page.get_by_text(label, exact=True))
    uploader.locator('input[type="file"]').set_input_files([str(f) for f in files])
    for file in files:  # a long name is cut short on screen and whole in its title
        name = _file_name(file)
        expect(uploader.get_by_title(name, exact=True).or_(
            uploader.get_by_text(name, exact=True)).first).to_be_visible()
    wait_until_idle(page)


def _open_list(page: Page, box: Locator, option: str, attempts: int = 3) -> Locator:
    """Open a select box's list and return the option in it. A rerun that lands just after the
    click (the previous widget's) redraws the box and closes its list: then it is opened again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        wait_until_idle(page)
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            return wanted
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    return wanted


def _file_name(file: object) -> str:
    return str(file).replace("\\", "/").rsplit("/", 1)[-1]


def scroll_to(element: Locator) -> None:
    """Scroll the page so the element sits in the middle of the window: a grid's first rows are
    where `edit_grid_cell` clicks, and a message under a grid can scroll them out of view."""
    element.evaluate("el => el.scrollIntoView({block: 'center'})")


@contextmanager
def app_reruns(page: Page) -> Iterator[None]:
    """Around an action that makes the app run its script again: on leaving, that run has
    started and finished. (`wait_until_idle` alone can pass before the run has begun.)"""
    page.evaluate(_WATCH_FOR_A_RUN)
    yield
    page.wait_for_function("() => window.__vendorEvalRan === true")
    wait_until_idle(page)


_WATCH_FOR_A_RUN = """() => {
    window.__vendorEvalRan = false;
    const app = document.querySelector('[data-testid="stApp"]');
    const watch = new MutationObserver(records => {
        if (records.some(r => r.oldValue === 'running')
                || app.getAttribute('data-test-script-state') === 'running') {
            window.__vendorEvalRan = true;
            watch.disconnect();
        }
    });
    watch.observe(app, {attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
}"""


def type_in_grid(page: Page, grid: Locator, row: str, column: str, value: str) -> None:
    """`edit_grid_cell` for a grid the user has worked in already, returning once the app has
    the new value (it must differ from the old one).

    After a cell was edited and a button outside the grid pressed, the grid takes the first
    click back without moving its selection, so the click on the row is repeated (past the
    double-click interval, which would open the read-only first cell) until that row's first
    cell is selected."""
    cells = _row(grid, row).get_by_role("gridcell", include_hidden=True)
    row_index = int(_row(grid, row).get_attribute("aria-rowindex"))  # 1 is the header row
    column_index = int(_header(grid, column).get_attribute("aria-colindex"))
    first = {"x": GRID_FIRST_COLUMN_X,
             "y": (row_index - 1) * GRID_ROW_PIXELS + GRID_ROW_PIXELS / 2}
    for attempt in range(3):
        grid.click(position=first)
        try:
            expect(cells.nth(0)).to_have_attribute("aria-selected", "true", timeout=2_000)
            break
        except AssertionError:  # how `expect` says the selection did not move
            if attempt == 2:
                raise
    for _ in range(column_index - 1):
        page.keyboard.press("ArrowRight")
    expect(cells.nth(column_index - 1)).to_have_attribute("aria-selected", "true")
    page.keyboard.type(value)
    editor = page.get_by_test_id("portal").locator("input, textarea")
    expect(editor).to_have_value(value)
    # The edit reaches the app in a rerun of its own; a button pressed before that rerun has
    # run may act without the edit. So this waits for it (the value must be a change).
    with app_reruns(page):
        page.keyboard.press("Enter")
        expect(editor).to_have_count(0)


def grid_column(grid: Locator, name: str) -> str:
    """The header of the grid column for `name` as the grid shows it: the whole name, or as
    many of its first words as tell it from the other columns (the whole name on hover)."""
    headers = grid.get_by_role("columnheader", include_hidden=True)
    expect(headers.first).to_be_attached()  # the accessibility table follows the canvas
    shown = [text.strip() for text in headers.all_inner_texts()]
    matching = [h for h in shown if h and (name == h or name.startswith(h + " "))]
    if not matching:
        raise AssertionError(f"no column of the grid is headed by {name!r} or its first words: "
                             f"{shown}")
    return max(matching, key=len)
