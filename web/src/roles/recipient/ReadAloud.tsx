// A button that reads a few sentences aloud with the browser's own speech synthesis (Chinese,
// or English for English readers), for those who cannot read the screen well: the order's
// status, the budget left. Slower than the default, as for someone hard of hearing. Tapped
// while reading, it stops. Not shown where the browser cannot speak.
import { useEffect, useState } from 'react';
import { PauseCircleOutlined, SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

const canSpeak = () => typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';

export function ReadAloud({ text, testId = 'read-aloud' }: { text: string; testId?: string }) {
  const { t, i18n } = useTranslation('recipient');
  const [speaking, setSpeaking] = useState(false);
  // what is being read stops when the page goes
  useEffect(() => () => (canSpeak() ? window.speechSynthesis.cancel() : undefined), []);
  if (!canSpeak()) return null;

  const toggle = () => {
    const synth = window.speechSynthesis;
    synth.cancel();
    if (speaking) {
      setSpeaking(false);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = i18n.language === 'en' ? 'en-GB' : 'zh-CN';
    utterance.rate = 0.85;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = () => setSpeaking(false);
    setSpeaking(true);
    synth.speak(utterance);
  };

  return (
    <button type="button" className="rcp-read-aloud" onClick={toggle} data-testid={testId} data-speaking={speaking}>
      {speaking ? <PauseCircleOutlined aria-hidden /> : <SoundOutlined aria-hidden />}
      <span>{t(speaking ? 'speak.stop' : 'speak.button')}</span>
    </button>
  );
}
