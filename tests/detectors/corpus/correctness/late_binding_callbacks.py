# family: correctness
# label: bad
# source: own
def make_buttons(labels: list[str], on_click) -> list:
    buttons = []
    for label in labels:
        buttons.append(lambda: on_click(label))  # expect
    return buttons
