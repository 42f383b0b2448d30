# family: tls
# label: bad
# source: own
# rule: python/grpc-insecure-channel
import os

import grpc

from billing.v1 import billing_pb2_grpc

BILLING_TARGET = os.environ.get("BILLING_TARGET", "billing.internal.example.net:443")


def billing_stub() -> billing_pb2_grpc.BillingStub:
    channel = grpc.insecure_channel(BILLING_TARGET)  # expect
    return billing_pb2_grpc.BillingStub(channel)
