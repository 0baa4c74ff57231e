/* cert_ident.c — see cert_ident.h. */
#include "domain/certs/cert_ident.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char ALPHABET[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static int value_of(char c)
{
	const char *p = c ? strchr(ALPHABET, c) : NULL;
	return p ? (int)(p - ALPHABET) : -1;
}

/* ISO 7064's hybrid system with M = 36: p starts at M; for each character
 * s = (p + value) mod M, read 0 as M, and p = 2s mod (M + 1); the check
 * value makes (p + check) mod M equal 1. */
char iso7064_mod37_36(const char *s)
{
	if (!s || !*s)
		return '\0';
	int p = 36;
	for (; *s; s++) {
		int v = value_of(*s);
		if (v < 0)
			return '\0';
		int t = (p + v) % 36;
		if (t == 0)
			t = 36;
		p = (2 * t) % 37;
	}
	return ALPHABET[(37 - p) % 36];
}

/* The pinyin initials of the demo catalogue's certificate types. */
static const struct {
	const char *type, *code;
} TYPE_CODES[] = {
    {"business_licence", "YYZZ"},               /* 营业执照 */
    {"food_business_licence", "SPJY"},          /* 食品经营许可证 */
    {"drug_business_licence", "YPJY"},          /* 药品经营许可证 */
    {"id_card", "JMSF"},                        /* 居民身份证 */
    {"residence_permit", "JZZM"},               /* 居住证 */
    {"tax_clearance", "QSZM"},                  /* 清税证明 */
    {"hr_service_licence", "RLZY"},             /* 人力资源服务许可证 */
    {"public_hygiene_licence", "GGWS"},         /* 公共场所卫生许可证 */
    {"birth_certificate", "CSYX"},              /* 出生医学证明 */
    {"physician_practice_certificate", "YSZY"}, /* 医师执业证书 */
    {"pollutant_discharge_permit", "PWXK"},     /* 排污许可证 */
    {"construction_permit", "SGXK"},            /* 建筑工程施工许可证 */
    {"drainage_permit", "PSXK"},                /* 排水许可证 */
    {"presale_permit", "YSXK"},                 /* 商品房预售许可证 */
    {"public_venue_fire_permit", "XFAQ"},       /* 消防安全检查合格证 */
    {"marriage_certificate", "JHZS"},           /* 结婚证 */
    {"social_org_certificate", "MFQY"},         /* 民办非企业单位登记证书 */
};

bool cert_type_known(const char *type)
{
	for (size_t i = 0; type && i < sizeof TYPE_CODES / sizeof TYPE_CODES[0]; i++)
		if (strcmp(type, TYPE_CODES[i].type) == 0)
			return true;
	return false;
}

void cert_type_code(const char *type, char out[5])
{
	for (size_t i = 0; i < sizeof TYPE_CODES / sizeof TYPE_CODES[0]; i++)
		if (strcmp(type, TYPE_CODES[i].type) == 0) {
			memcpy(out, TYPE_CODES[i].code, 5);
			return;
		}
	size_t n = 0;
	for (const char *p = type; *p && n < 4; p++)
		if (isalnum((unsigned char)*p))
			out[n++] = (char)toupper((unsigned char)*p);
	while (n < 4)
		out[n++] = 'X';
	out[4] = '\0';
}

void cert_issuer_code(const char *region, const char *department, char out[CERT_ISSUER_CODE_LEN])
{
	size_t n = 0;
	out[n++] = '1';
	out[n++] = '1';
	for (const char *p = region; *p && n < 8; p++)
		if (isdigit((unsigned char)*p))
			out[n++] = *p;
	while (n < 8)
		out[n++] = '0';
	for (const char *p = department; *p && n < 18; p++)
		if (isalnum((unsigned char)*p))
			out[n++] = (char)toupper((unsigned char)*p);
	while (n < 18)
		out[n++] = '0';
	out[18] = '\0';
}

int cert_ident_make(const char *type_code, const char *issuer_code, int64_t serial, int version,
		    char out[CERT_IDENT_LEN])
{
	if (strlen(type_code) != 4 || strlen(issuer_code) != 18 || serial < 0 || serial > 99999999 ||
	    version < 1 || version > 99)
		return -1;
	char body[CERT_IDENT_LEN];
	snprintf(body, sizeof body, "%s%s%08lld%02d", type_code, issuer_code, (long long)serial, version);
	char check = iso7064_mod37_36(body);
	if (!check)
		return -1;
	memcpy(out, body, CERT_IDENT_LEN - 2);
	out[CERT_IDENT_LEN - 2] = check;
	out[CERT_IDENT_LEN - 1] = '\0';
	return 0;
}

bool cert_ident_valid(const char *text)
{
	if (!text || strlen(text) != CERT_IDENT_LEN - 1)
		return false;
	for (int i = 0; i < 4; i++)
		if (text[i] < 'A' || text[i] > 'Z')
			return false;
	for (int i = 22; i < 32; i++)
		if (!isdigit((unsigned char)text[i]))
			return false;
	char body[CERT_IDENT_LEN];
	memcpy(body, text, CERT_IDENT_LEN - 2);
	body[CERT_IDENT_LEN - 2] = '\0';
	char check = iso7064_mod37_36(body);
	return check && check == text[CERT_IDENT_LEN - 2];
}
