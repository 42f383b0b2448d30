"""Injection: attacker-controlled data reaching a sink that interprets it (SQL, a shell,
eval, a deserializer or XML parser, a file path, a log line). `strings` says how a string
was built, `taint` where a value comes from; one module per group of sinks uses them."""
