"""How a user drives the Streamlit app in Playwright: the sidebar, select boxes, text inputs, the
canvas score grid, and knowing when a page has finished rendering."""

from __future__ import annotations

import re
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
