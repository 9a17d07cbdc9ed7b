"""A real SMTP server on localhost for the package desk's tests: aiosmtpd
(Debian's python3-aiosmtpd) delivering each recipient's copy through
Dovecot's LDA into that user's mailbox, as Postfix with dovecot-lda would.

usage: smtp_to_dovecot.py PORT DOVECOT_CONF
"""
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller

LDA = "/usr/lib/dovecot/dovecot-lda"


class Deliver:
    def __init__(self, conf):
        self.conf = conf

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            p = subprocess.run(
                [LDA, "-c", self.conf, "-d", rcpt, "-f", envelope.mail_from],
                input=envelope.original_content,
                capture_output=True,
            )
            if p.returncode != 0:
                why = p.stderr.decode(errors="replace").strip().replace("\n", " ")[:200]
                return f"550 5.1.1 <{rcpt}>: {why or 'no such mailbox'}"
        return "250 2.0.0 delivered"


def main():
    port, conf = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Deliver(conf), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on {port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
