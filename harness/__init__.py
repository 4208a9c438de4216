"""Hearth run for real, for tests and benchmarks alike: uvicorn workers on a database, a
Redis of one's own to kill and restart, and a socket client that resumes as a browser tab
does. Neither Hearth's apps nor production import it."""
