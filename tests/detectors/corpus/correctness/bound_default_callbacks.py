# family: correctness
# label: good
# source: own
def make_buttons(labels: list[str], on_click) -> list:
    buttons = []
    for label in labels:
        buttons.append(lambda label=label: on_click(label))
    return buttons
