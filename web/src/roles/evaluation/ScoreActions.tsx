// What the evaluator does with a draft score: adjust it with a written justification, and sign
// it off after a confirmation (irreversible: settlement then pays by its grade). And the
// score's history: every computation, adjustment and the sign-off, with who and when.
import { App, Button, Card, Col, Empty, Form, Input, InputNumber, Row, Timeline, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { formatScore } from '../reports/grades';
import { ADJUST_SCORE, SIGN_OFF_SCORE, type ScoreDetail } from './operations';

/** The server's minimum for a justification (server/scoring/score-review.ts). */
const MIN_JUSTIFICATION = 10;

export function ScoreActions({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  return (
    <Row gutter={[16, 16]}>
      {score.status === 'DRAFT' && (
        <>
          <Col xs={24} lg={12}>
            <Adjust score={score} />
          </Col>
          <Col xs={24} lg={12}>
            <SignOff score={score} />
          </Col>
        </>
      )}
      <Col xs={24}>
        <Card title={t('history.heading')} size="small">
          {score.events.length === 0 ? (
            <Empty description={t('history.empty')} />
          ) : (
            <Timeline
              items={score.events.map((e, i) => ({
                key: i,
                children: (
                  <>
                    <strong>{t(`history.actions.${e.action}`, { defaultValue: e.action })}</strong>
                    {e.toScore !== null && ` ${e.fromScore !== null ? `${formatScore(e.fromScore)} → ` : ''}${formatScore(e.toScore)}`}
                    <Typography.Text type="secondary">
                      {' '}
                      · {e.actorName ?? '–'} · {formatDateTime(e.at)}
                    </Typography.Text>
                    {e.justification && <div>{e.justification}</div>}
                  </>
                ),
              }))}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

function Adjust({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ score: number; justification: string }>();
  const [adjusting, adjust] = useMutation(ADJUST_SCORE);
  const submit = async (values: { score: number; justification: string }) => {
    const result = await adjust({ scoreId: score.id, score: values.score, justification: values.justification.trim() });
    if (result.error) return void message.error(errorMessage(result.error));
    message.success(t('adjust.done'));
    form.resetFields();
  };
  return (
    <Card title={t('adjust.heading')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('adjust.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ score: score.finalScore }}>
        <Form.Item name="score" label={t('adjust.score')} rules={[{ required: true, type: 'number', min: 0, max: 100, message: t('adjust.required') }]}>
          <InputNumber min={0} max={100} step={0.5} precision={2} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="justification"
          label={t('adjust.justification')}
          rules={[{ required: true, whitespace: true, min: MIN_JUSTIFICATION, message: t('adjust.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('adjust.justificationPlaceholder')} />
        </Form.Item>
        <Button htmlType="submit" loading={adjusting.fetching}>
          {t('adjust.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function SignOff({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  const { t: tr } = useTranslation('reports');
  const { message, modal } = App.useApp();
  const [signing, signOff] = useMutation(SIGN_OFF_SCORE);
  const pending = score.sample.filter((s) => !s.reviewedAt).length;
  const confirm = () =>
    modal.confirm({
      title: t('signOff.confirmTitle'),
      content: t('signOff.confirmBody', {
        organisation: score.organisation.name,
        month: score.month,
        score: formatScore(score.finalScore),
        grade: tr(`grade.${score.grade}`),
        coefficient: score.coefficient.toFixed(2),
      }),
      okText: t('signOff.confirm'),
      cancelText: t('signOff.cancel'),
      onOk: async () => {
        const result = await signOff({ scoreId: score.id });
        if (result.error) message.error(errorMessage(result.error));
        else message.success(t('signOff.done'));
      },
    });
  return (
    <Card title={t('signOff.heading')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('signOff.help')}</Typography.Paragraph>
      {pending > 0 && <Typography.Paragraph type="warning">{t('signOff.pendingReview', { count: pending })}</Typography.Paragraph>}
      <Button type="primary" danger loading={signing.fetching} onClick={confirm}>
        {t('signOff.button')}
      </Button>
    </Card>
  );
}
