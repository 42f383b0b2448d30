# family: correctness
# label: good
# source: own (pattern: the WSGI-app error path, tuned on installed packages)
# rule: python/unreachable-except
import sys


def call_app(app, environ, start_response):
    error: BaseException | None = None
    try:
        return app(environ, start_response)
    except Exception as exc:
        error = exc
        return app.handle_exception(exc)
    except:  # noqa: E722 - KeyboardInterrupt/SystemExit pass Exception by; record and re-raise
        error = sys.exc_info()[1]
        raise
    finally:
        app.teardown(error)
