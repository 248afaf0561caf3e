"""Root pytest configuration: loads the conformance plugin (case collection, engines, results and report)."""

pytest_plugins = ["conformance.plugin"]
