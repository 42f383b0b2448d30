# family: tls
# label: bad
# source: own
import ssl


def tolerant_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1  # expect
    return context
