# family: correctness
# label: bad
# source: own
def register_all(app, names: list[str], render) -> None:
    for name in names:
        def view():
            return render(name)  # expect
        app.add_url_rule(f"/{name}", name, view)
