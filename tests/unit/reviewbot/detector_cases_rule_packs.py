"""Labelled cases for the rule packs of issue 11 (crypto, TLS, web configuration, ML, AWS,
correctness, locks): (case id, rule, source, lines the rule must flag); no lines = must
stay silent. Appended to `detector_cases.CASES`."""

from __future__ import annotations

RULE_PACK_CASES: list[tuple[str, str, str, list[int]]] = [
    ("des-cipher", "python/weak-cipher", """
        from Crypto.Cipher import DES, AES
        def seal(key, data):
            return DES.new(key, DES.MODE_CBC).encrypt(data)
        def seal_ecb(key, data):
            return AES.new(key, AES.MODE_ECB).encrypt(data)
    """, [4, 6]),
    ("aes-gcm-ok", "python/weak-cipher", """
        from Crypto.Cipher import AES
        def seal(key, data):
            return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)
    """, []),
    ("pbkdf2-weak", "python/weak-kdf", """
        import hashlib
        def hash_password(pw, salt):
            a = hashlib.pbkdf2_hmac("sha256", pw, salt, 1000)
            b = hashlib.pbkdf2_hmac("sha1", pw, salt, 600_000)
            return a, b
    """, [4, 5]),
    ("pbkdf2-ok", "python/weak-kdf", """
        import hashlib
        def hash_password(pw, salt):
            return hashlib.pbkdf2_hmac("sha256", pw, salt, iterations=600_000)
    """, []),
    ("rsa-1024", "python/small-key-size", """
        from cryptography.hazmat.primitives.asymmetric import rsa
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    """, [3]),
    ("rsa-3072-ok", "python/small-key-size", """
        from cryptography.hazmat.primitives.asymmetric import rsa
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    """, []),
    ("random-token", "python/insecure-random", """
        import random, string
        def new_reset_token():
            return "".join(random.choice(string.ascii_letters) for _ in range(32))
        def shuffle_tiles(tiles):
            jitter = random.random()
            return jitter
    """, [4]),
    ("random-sample-ok", "python/insecure-random", """
        import random
        def pick_color(colors):
            color = random.choice(colors)
            return color
    """, []),
    ("jwt-no-verify", "python/jwt-unverified", """
        import jwt
        def claims(token, key):
            a = jwt.decode(token, options={"verify_signature": False})
            b = jwt.decode(token, key, algorithms=["HS256", "none"])
            return a, b
    """, [4, 5]),
    ("jwt-ok", "python/jwt-unverified", """
        import jwt
        def claims(token, key):
            return jwt.decode(token, key, algorithms=["RS256"])
    """, []),
    ("tls-old", "python/weak-tls-version", """
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
        other = ssl.create_default_context()
        other.minimum_version = ssl.TLSVersion.TLSv1
    """, [3, 5]),
    ("tls-12-ok", "python/weak-tls-version", """
        import ssl
        ctx = ssl.create_default_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    """, []),
    ("flask-debug", "python/debug-enabled", """
        from flask import Flask
        app = Flask(__name__)
        app.config["DEBUG"] = True
        if __name__ == "__main__":
            app.run(host="0.0.0.0", debug=True)
    """, [4, 6]),
    ("flask-debug-env-ok", "python/debug-enabled", """
        import os
        from flask import Flask
        app = Flask(__name__)
        app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
    """, []),
    ("secret-key-literal", "python/hardcoded-secret-key", """
        from flask import Flask
        app = Flask(__name__)
        app.secret_key = "s3cr3t-Kj8d7f6g5h4"
    """, [4]),
    ("secret-key-env-ok", "python/hardcoded-secret-key", """
        import os
        from flask import Flask
        app = Flask(__name__)
        app.secret_key = os.environ["SECRET_KEY"]
    """, []),
    ("cookie-flags", "python/insecure-cookie", """
        from flask import Flask, make_response
        app = Flask(__name__)
        def login(sid):
            resp = make_response("ok")
            resp.set_cookie("session_id", sid)
            return resp
    """, [6]),
    ("cookie-flags-ok", "python/insecure-cookie", """
        from flask import Flask, make_response
        app = Flask(__name__)
        def login(sid):
            resp = make_response("ok")
            resp.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")
            return resp
    """, []),
    ("csrf-exempt", "python/csrf-disabled", """
        from django.views.decorators.csrf import csrf_exempt
        @csrf_exempt
        def transfer(request):
            return None
    """, [3]),
    ("csrf-ok", "python/csrf-disabled", """
        from django.views.decorators.http import require_POST
        @require_POST
        def transfer(request):
            return None
    """, []),
    ("none-compare", "python/compare-to-none", """
        def check(x):
            if x != None:
                return x == None
    """, [3, 4]),
    ("none-is-ok", "python/compare-to-none", """
        def check(x):
            return x is not None
    """, []),
    ("finally-return", "python/finally-control-flow", """
        def load(path):
            try:
                return open(path).read()
            finally:
                return ""
    """, [6]),
    ("finally-loop-break-ok", "python/finally-control-flow", """
        def load(paths):
            try:
                pass
            finally:
                for p in paths:
                    if p:
                        break
    """, []),
    ("assert-tuple", "python/assert-on-tuple", """
        def f(x):
            assert (x > 0, "x must be positive")
    """, [3]),
    ("assert-ok", "python/assert-on-tuple", """
        def f(x):
            assert x > 0, "x must be positive"
    """, []),
    ("missing-await", "python/missing-await", """
        import asyncio
        async def send(msg):
            await asyncio.sleep(0)
        async def main():
            send("hi")
            asyncio.sleep(1)
    """, [6, 7]),
    ("awaited-ok", "python/missing-await", """
        import asyncio
        async def send(msg):
            await asyncio.sleep(0)
        async def main():
            await send("hi")
            asyncio.create_task(send("later"))
    """, []),
    ("late-binding", "python/late-binding-closure", """
        def handlers(names):
            out = []
            for name in names:
                out.append(lambda: print(name))
            return out
    """, [5]),
    ("late-binding-ok", "python/late-binding-closure", """
        def handlers(names, rows):
            out = []
            for name in names:
                out.append(lambda name=name: print(name))
                rows.sort(key=lambda r: r[name])
            return out
    """, []),
    ("lock-acquire", "python/lock-not-released", """
        import threading
        lock = threading.Lock()
        def bump(counter):
            lock.acquire()
            counter.value += 1
            lock.release()
    """, [5]),
    ("lock-finally-ok", "python/lock-not-released", """
        import threading
        lock = threading.Lock()
        def bump(counter):
            lock.acquire()
            try:
                counter.value += 1
            finally:
                lock.release()
    """, []),
    ("client-in-loop", "aws/client-in-loop", """
        import boto3
        def copy_all(keys):
            for key in keys:
                s3 = boto3.client("s3")
                s3.copy_object(Bucket="b", Key=key, CopySource="a/" + key)
        def lambda_handler(event, context):
            sqs = boto3.client("sqs")
            return sqs
    """, [5, 8]),
    ("client-once-ok", "aws/client-in-loop", """
        import boto3
        s3 = boto3.client("s3")
        def copy_all(keys):
            for key in keys:
                s3.copy_object(Bucket="b", Key=key, CopySource="a/" + key)
    """, []),
    ("put-records-unchecked", "aws/unchecked-partial-failure", """
        import boto3
        kinesis = boto3.client("kinesis")
        def ship(records):
            kinesis.put_records(StreamName="events", Records=records)
    """, [5]),
    ("put-records-checked-ok", "aws/unchecked-partial-failure", """
        import boto3
        kinesis = boto3.client("kinesis")
        def ship(records):
            resp = kinesis.put_records(StreamName="events", Records=records)
            if resp["FailedRecordCount"]:
                raise RuntimeError("retry")
    """, []),
    ("public-acl", "aws/public-acl", """
        import boto3
        s3 = boto3.client("s3")
        def publish(path, key):
            s3.put_object(Bucket="site", Key=key, Body=open(path, "rb"), ACL="public-read")
    """, [5]),
    ("private-acl-ok", "aws/public-acl", """
        import boto3
        s3 = boto3.client("s3")
        def publish(data, key):
            s3.put_object(Bucket="site", Key=key, Body=data, ACL="private")
    """, []),
    ("queue-unencrypted", "aws/unencrypted-resource", """
        import boto3
        sqs = boto3.client("sqs")
        def make_queue(name):
            return sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "60"})
    """, [5]),
    ("queue-encrypted-ok", "aws/unencrypted-resource", """
        import boto3
        sqs = boto3.client("sqs")
        def make_queue(name):
            return sqs.create_queue(QueueName=name, Attributes={"SqsManagedSseEnabled": "true"})
    """, []),
    ("literal-keys", "aws/hardcoded-credentials", """
        import boto3
        s3 = boto3.client("s3", aws_access_key_id="AKIA...", aws_secret_access_key="abc/def")
    """, [3]),
    ("no-keys-ok", "aws/hardcoded-credentials", """
        import boto3
        s3 = boto3.client("s3")
    """, []),
    ("literal-region", "aws/hardcoded-region", """
        import boto3
        s3 = boto3.client("s3", region_name="eu-west-1")
    """, [3]),
    ("region-from-config-ok", "aws/hardcoded-region", """
        import os, boto3
        s3 = boto3.client("s3", region_name=os.environ["AWS_REGION"])
    """, []),
    ("polling", "aws/polling-instead-of-waiter", """
        import time, boto3
        ec2 = boto3.client("ec2")
        def wait_running(iid):
            while True:
                state = ec2.describe_instances(InstanceIds=[iid])
                if state:
                    return state
                time.sleep(5)
    """, [6]),
    ("waiter-ok", "aws/polling-instead-of-waiter", """
        import boto3
        ec2 = boto3.client("ec2")
        def wait_running(iid):
            ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
    """, []),
    ("torch-load", "ml/torch-load-unsafe", """
        import torch
        def restore(path):
            return torch.load(path, map_location="cpu")
    """, [4]),
    ("torch-load-weights-ok", "ml/torch-load-unsafe", """
        import torch
        def restore(path):
            return torch.load(path, map_location="cpu", weights_only=True)
    """, []),
    ("keras-custom", "ml/unsafe-model-load", """
        from tensorflow import keras
        def restore(path, layers):
            return keras.models.load_model(path, custom_objects=layers)
    """, [4]),
    ("keras-ok", "ml/unsafe-model-load", """
        from tensorflow import keras
        def restore(path):
            return keras.models.load_model(path)
    """, []),
    ("no-eval", "ml/missing-eval-mode", """
        import torch
        def predict(model, batch):
            return model(batch).argmax(dim=1)
    """, [4]),
    ("eval-ok", "ml/missing-eval-mode", """
        import torch
        def predict(model, batch):
            model.eval()
            with torch.no_grad():
                return model(batch).argmax(dim=1)
    """, []),
    ("no-seed", "ml/missing-seed", """
        # reproducible split for the paper's table 2
        from sklearn.model_selection import train_test_split
        def split(X, y):
            return train_test_split(X, y, test_size=0.2)
    """, [5]),
    ("seed-ok", "ml/missing-seed", """
        # reproducible split for the paper's table 2
        from sklearn.model_selection import train_test_split
        def split(X, y):
            return train_test_split(X, y, test_size=0.2, random_state=7)
    """, []),
    ("umask-zero-group-write", "python/insecure-file-permissions", """
        import os
        os.umask(0)
        os.chmod("shared.db", 0o664)
        os.umask(0o022)
        os.chmod("tool", 0o755)
    """, [3, 4]),
    ("tmp-name-variable", "python/insecure-tempfile", """
        def dump(text):
            path = "/tmp/state.json"
            with open(path, "w") as handle:
                handle.write(text)
            with open(path) as handle:
                return handle.read()
    """, [4]),
]  # fmt: skip
