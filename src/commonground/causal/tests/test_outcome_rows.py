"""The web upload's reader: ``unit,period,outcome`` rows, refused with the line and column."""

from __future__ import annotations

import pytest

from commonground.causal import PanelError
from commonground.causal.panel import read_outcome_rows


def test_reads_columns_in_any_order_and_case_with_a_bom():
    text = "\ufeffPeriod,Outcome,Unit,note\n2020,61.5,E05001341,x\n2021.0,62,Baildon,\n\n"
    rows = read_outcome_rows(text, name="sheet.csv")
    assert [(r.unit, r.period, r.outcome) for r in rows] == [
        ("E05001341", "2020", 61.5),
        ("Baildon", "2021", 62.0),
    ]
    assert rows[1].where == "sheet.csv, line 3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit,period\nA,2020\n", 'sheet.csv, line 1: no column "outcome"'),
        (
            "unit,period,outcome\nA,2020,\n",
            'sheet.csv, line 2, column "outcome": the value is empty',
        ),
        ("unit,period,outcome\nA,2020,5\n,2021,4\n", 'sheet.csv, line 3, column "unit"'),
        ("unit,period,outcome\nA,,5\n", 'sheet.csv, line 2, column "period"'),
        ("unit,period,outcome\nA,2020,5,5\n", "sheet.csv, line 2: 4 fields but the header has 3"),
        ("unit,period,outcome\nA,2020,nan\n", 'sheet.csv, line 2, column "outcome"'),
        (
            "unit,period,outcome\nA,2020,5\na,2020,6\n",
            "sheet.csv, line 3: a second row for unit 'a' in period '2020' (the first is line 2)",
        ),
        ("unit,period,outcome\n", "sheet.csv: no rows after the header"),
        ("", "sheet.csv: the file is empty"),
    ],
)
def test_refuses_with_the_line_and_column(text, message):
    with pytest.raises(PanelError) as error:
        read_outcome_rows(text, name="sheet.csv")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_refuses_more_rows_than_the_limit():
    text = "unit,period,outcome\n" + "".join(f"A,{y},1\n" for y in range(2000, 2010))
    with pytest.raises(PanelError, match="more than 5 rows"):
        read_outcome_rows(text, name="big.csv", limit=5)
