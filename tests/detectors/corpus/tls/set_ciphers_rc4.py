# family: tls
# label: bad
# source: own
# rule: python/weak-tls-ciphers
import ssl


def legacy_client_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    # the old payment terminal only speaks these
    context.set_ciphers("RC4-SHA:DES-CBC3-SHA:AES128-SHA")  # expect
    return context
