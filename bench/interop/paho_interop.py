"""Runs one test of the Eclipse Paho MQTT interoperability suite (paho.mqtt.testing) against a broker.

The suite's client tests connect anonymously over plain TCP. Thingstead's plain development listener wants an
operator access key as user name and password, and its device listener wants TLS with a client certificate; this
shim adds either, without changing the suite's code, by wrapping the suite client's connect() and its socket module:

  PAHO_INTEROP_USERNAME / PAHO_INTEROP_PASSWORD   sent in every CONNECT the suite makes (unless the test sets its own)
  PAHO_INTEROP_CAFILE, PAHO_INTEROP_CERTFILE, PAHO_INTEROP_KEYFILE   TLS with this root CA and client certificate

Usage: python3 paho_interop.py <suite dir> <client_test|client_test5> <host> <port> <Test.test_name>
Prints one line "RESULT <test> pass|fail|error" and the test's own output before it.
"""

import importlib
import os
import socket as real_socket
import ssl
import sys
import types
import unittest


def tls_socket_module():
    context = ssl.create_default_context(cafile=os.environ["PAHO_INTEROP_CAFILE"])
    context.load_cert_chain(os.environ["PAHO_INTEROP_CERTFILE"], os.environ["PAHO_INTEROP_KEYFILE"])

    class TlsSocket:
        """A socket.socket stand-in that does the TLS handshake in connect() (with a generous timeout)."""

        def __init__(self, *args, **kwargs):
            self._timeout = None
            self._sock = None
            self._awaiting_connack = False

        def settimeout(self, timeout):
            self._timeout = timeout
            if self._sock is not None:
                self._sock.settimeout(timeout)

        def connect(self, address):
            raw = real_socket.create_connection(address, timeout=15)
            self._sock = context.wrap_socket(raw, server_hostname=address[0])
            self._sock.settimeout(self._timeout)
            self._awaiting_connack = True

        def recv(self, size):
            # The suite reads the CONNACK with its 0.5 s polling timeout. Over TLS the first read also completes the
            # TLS 1.3 handshake's client certificate check, and the CONNACK follows the certificate's lookup: give
            # that first read up to 5 s (the suite's later reads keep its own timeout).
            if self._awaiting_connack:
                self._awaiting_connack = False
                self._sock.settimeout(max(self._timeout or 0, 5))
                try:
                    return self._sock.recv(size)
                finally:
                    self._sock.settimeout(self._timeout)
            return self._sock.recv(size)

        def close(self):
            if self._sock is not None:
                self._sock.close()

        def __getattr__(self, name):
            if self._sock is None:
                raise OSError("not connected")
            return getattr(self._sock, name)

    module = types.ModuleType("socket")
    module.__dict__.update(real_socket.__dict__)
    module.socket = TlsSocket
    return module


def main():
    suite_dir, suite, host, port, test = sys.argv[1:6]
    sys.path.insert(0, suite_dir)
    os.chdir(suite_dir)
    client_package = "mqtt.clients.V5" if suite == "client_test5" else "mqtt.clients.V311"
    client_main = importlib.import_module(client_package + ".main")
    username = os.environ.get("PAHO_INTEROP_USERNAME")
    password = os.environ.get("PAHO_INTEROP_PASSWORD")
    if username:
        original = client_main.Client.connect

        def connect(self, *args, **kwargs):
            if kwargs.get("username") is None:
                kwargs["username"] = username
                kwargs["password"] = password.encode("utf-8")
            return original(self, *args, **kwargs)

        client_main.Client.connect = connect
    if os.environ.get("PAHO_INTEROP_CERTFILE"):
        client_main.socket = tls_socket_module()

    module = importlib.import_module(suite)
    # what the suite's own __main__ block sets up
    module.host = host
    module.port = int(port)
    if suite == "client_test5":
        module.topic_prefix = "client_test5/"
    else:
        module.topics = ("TopicA", "TopicA/B", "Topic/C", "TopicA/C", "/TopicA")
        module.wildtopics = ("TopicA/+", "+/C", "#", "/#", "/+", "+/+", "TopicA/#")
        module.nosubscribe_topics = ("test/nosubscribe",)
    tests = unittest.defaultTestLoader.loadTestsFromName(test, module)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(tests)
    verdict = "pass" if result.wasSuccessful() else ("error" if result.errors else "fail")
    print("RESULT %s %s" % (test.split(".")[-1], verdict), flush=True)
    os._exit(0)  # the suite's receiver threads may still be blocked on sockets


if __name__ == "__main__":
    main()
