# family: tls
# label: bad
# source: own
import ssl


def legacy_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect
    context.load_default_certs()
    return context
