/* verify_cert.h — the `onestop verify-cert` command (verify_cert.c). */
#ifndef ONESTOP_VERIFY_CERT_H
#define ONESTOP_VERIFY_CERT_H

/* onestop verify-cert FILE|QR-TEXT --keys KEYS.json [--revocations FILE] [--repeat N]: 0 valid, 1 not. */
int cmd_verify_cert(int argc, char **argv);

#endif
