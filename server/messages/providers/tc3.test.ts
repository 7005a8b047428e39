// The signature against Tencent Cloud's documented example ("Signature v3", the CVM
// DescribeInstances call): its SecretKey, its timestamp and its body give its signature.
import { describe, expect, it } from 'vitest';
import { tc3Authorization, tc3Date, tc3Signature, tc3StringToSign, type Tc3Request } from './tc3.js';

const example: Tc3Request = {
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
  contentType: 'application/json; charset=utf-8',
};

describe('TC3-HMAC-SHA256', () => {
  it('gives the documented string to sign and signature for the documented example', () => {
    expect(tc3StringToSign(example)).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(tc3Signature('Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', example)).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(tc3Authorization({ secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' }, example)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('dates the scope in UTC: 00:44 in Beijing is still the day before', () => {
    // the documentation's own warning: 1551113065 is 2019-02-26 00:44:25 in UTC+8
    expect(tc3Date(1551113065)).toBe('2019-02-25');
  });

  it('signs the body: one character more is another signature', () => {
    expect(tc3Signature('Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', { ...example, payload: `${example.payload} ` })).not.toBe(
      '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});
