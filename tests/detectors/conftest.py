# corpus snippets are data, never collected or run as tests
collect_ignore = ["corpus"]
