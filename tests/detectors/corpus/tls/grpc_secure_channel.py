# family: tls
# label: good
# source: own
# rule: python/grpc-insecure-channel
import os

import grpc

from billing.v1 import billing_pb2_grpc

BILLING_TARGET = os.environ.get("BILLING_TARGET", "billing.internal.example.net:443")


def billing_stub() -> billing_pb2_grpc.BillingStub:
    channel = grpc.secure_channel(BILLING_TARGET, grpc.ssl_channel_credentials())
    return billing_pb2_grpc.BillingStub(channel)


def sidecar_stub() -> billing_pb2_grpc.BillingStub:
    # the sidecar listens on loopback only
    return billing_pb2_grpc.BillingStub(grpc.insecure_channel("localhost:50051"))
