"""Fake trackers for the tests: real HTTP servers on 127.0.0.1 (port 0) that speak each
tracker's protocol, so the unmodified client libraries drive them exactly as they drive the
real services."""
