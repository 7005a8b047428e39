// A voice notification (语音通知) through Tencent Cloud voice messaging (VMS, API 3.0,
// SendTtsVoice of version 2020-09-02): the provider calls the number and reads the approved
// template (VOICE_TEMPLATE_IDS) with its parameters aloud, twice, for someone who cannot read.
import type { Handed, Outgoing, Sender } from '../senders.js';
import type { MessageEvent } from '../templates.js';
import { callTencentCloud, type TencentCloudProduct } from './tencent-cloud.js';
import type { Tc3Credentials } from './tc3.js';
import { approvedTemplate, e164, templateParamSet } from './tencent-sms.js';

export interface TencentVoiceSettings {
  product: TencentCloudProduct;
  credentials: Tc3Credentials;
  voiceSdkAppId: string;
  templateIds: Partial<Record<MessageEvent, string>>;
  timeoutMs: number;
}

export function tencentVoiceSender(settings: TencentVoiceSettings): Sender {
  return {
    async send(message: Outgoing): Promise<Handed> {
      const templateId = approvedTemplate(settings.templateIds, message, 'VOICE_TEMPLATE_IDS');
      const answer = await callTencentCloud(
        settings.product,
        settings.credentials,
        'SendTtsVoice',
        {
          TemplateId: templateId,
          TemplateParamSet: templateParamSet(message.event as MessageEvent, message.params),
          CalledNumber: e164(message.address),
          VoiceSdkAppid: settings.voiceSdkAppId,
          // read twice: an old person picking up late hears it whole the second time
          PlayTimes: 2,
          SessionContext: message.key,
        },
        settings.timeoutMs,
      );
      const callId = (answer.SendStatus as { CallId?: string } | undefined)?.CallId;
      if (!callId) throw new Error('vms SendTtsVoice: an answer without SendStatus.CallId');
      return { provider: 'tencent-voice', providerMessageId: callId, answer };
    },
  };
}
