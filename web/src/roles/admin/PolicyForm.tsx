// The next scoring policy version, prefilled from the newest one. The weights' sum shows as
// it is typed, and a sum other than 100 is refused before anything is sent.
import { useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField } from '../../app/form-refusal';
import { countyMonth } from '../../app/format';
import { CREATE_SCORING_POLICY, type ScoringPolicy, type ScoringPolicyInput } from './operations';

type Values = Omit<ScoringPolicyInput, 'effectiveFrom'> & { effectiveFrom: Dayjs };

const weights = ['weightDuration', 'weightVolume', 'weightQuality'] as const;
const grades = ['excellentFrom', 'goodFrom', 'passFrom'] as const;
const coefficients = ['coefficientExcellent', 'coefficientGood', 'coefficientPass', 'coefficientFail'] as const;
const descending = (values: (number | null | undefined)[]) => values.every((v, i) => i === 0 || (v ?? 0) <= (values[i - 1] ?? 0));

export function PolicyForm({ open, template, onClose }: { open: boolean; template?: ScoringPolicy; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [state, create] = useMutation(CREATE_SCORING_POLICY);
  const [error, setError] = useState<string | null>(null);
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const sum = weights.reduce((s, w) => s + (Number(watched?.[w]) || 0), 0);
  const required = { required: true, message: t('policy.required') };

  const onFinish = async ({ effectiveFrom, note, ...v }: Values) => {
    const result = await create({ input: { ...v, effectiveFrom: effectiveFrom.format('YYYY-MM'), note: note?.trim() || null } });
    if (result.error && showRefusalAtField(form, result.error)) return setError(null);
    if (result.error || !result.data) return setError(errorMessage(result.error));
    const saved = result.data.createScoringPolicy;
    void message.success(t('policy.saved', { version: saved.version, from: saved.effectiveFrom.slice(0, 7) }));
    onClose();
  };

  const nextMonth = dayjs(`${countyMonth()}-01`).add(1, 'month');
  const initialValues = {
    effectiveFrom: nextMonth,
    weightDuration: template?.weightDuration ?? 30,
    weightVolume: template?.weightVolume ?? 30,
    weightQuality: template?.weightQuality ?? 40,
    excellentFrom: template?.excellentFrom ?? 90,
    goodFrom: template?.goodFrom ?? 80,
    passFrom: template?.passFrom ?? 60,
    coefficientExcellent: template?.coefficientExcellent ?? 1,
    coefficientGood: template?.coefficientGood ?? 0.95,
    coefficientPass: template?.coefficientPass ?? 0.85,
    coefficientFail: template?.coefficientFail ?? 0.6,
    complaintPenalty: template?.complaintPenalty ?? 5,
    samplePercent: template?.samplePercent ?? 5,
  };
  const number = (name: keyof Values, min: number, max: number, step = 1, rules: object[] = []) => (
    <Form.Item name={name} label={t(`policy.${name}`)} rules={[required, ...rules]}>
      <InputNumber min={min} max={max} step={step} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Modal
      title={t('policy.formTitle')}
      open={open}
      width={720}
      onCancel={onClose}
      okText={t('policy.submit')}
      cancelText={t('policy.cancel')}
      okButtonProps={{ loading: state.fetching }}
      onOk={() => form.submit()}
      afterOpenChange={(visible) => visible && setError(null)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={initialValues} preserve={false}>
        <Form.Item name="effectiveFrom" label={t('policy.month')} extra={t('policy.monthHelp')} rules={[required]}>
          <DatePicker picker="month" format="YYYY-MM" style={{ width: 200 }} />
        </Form.Item>
        <Row gutter={12}>
          {weights.map((w) => (
            <Col xs={24} sm={8} key={w}>
              {number(
                w,
                0,
                100,
                1,
                w === 'weightQuality'
                  ? [
                      {
                        validator: () => (sum === 100 ? Promise.resolve() : Promise.reject(new Error(t('policy.weightSumWrong', { sum })))),
                      },
                    ]
                  : [],
              )}
            </Col>
          ))}
        </Row>
        <Typography.Paragraph data-testid="weight-sum" type={sum === 100 ? 'success' : 'danger'} aria-live="polite">
          {sum === 100 ? t('policy.weightSum', { sum }) : t('policy.weightSumWrong', { sum })}
        </Typography.Paragraph>
        <Row gutter={12}>
          {grades.map((g) => (
            <Col xs={24} sm={8} key={g}>
              {number(
                g,
                0,
                100,
                1,
                g === 'passFrom'
                  ? [
                      {
                        validator: () =>
                          descending(grades.map((k) => watched?.[k])) && new Set(grades.map((k) => watched?.[k])).size === 3
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('policy.gradesWrong'))),
                      },
                    ]
                  : [],
              )}
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          {coefficients.map((c) => (
            <Col xs={12} sm={6} key={c}>
              {number(
                c,
                0,
                1,
                0.05,
                c === 'coefficientFail'
                  ? [
                      {
                        validator: () =>
                          descending(coefficients.map((k) => watched?.[k])) ? Promise.resolve() : Promise.reject(new Error(t('policy.coefficientsWrong'))),
                      },
                    ]
                  : [],
              )}
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            {number('complaintPenalty', 0, 100, 1)}
          </Col>
          <Col xs={24} sm={12}>
            {number('samplePercent', 0.01, 100, 1)}
          </Col>
        </Row>
        <Form.Item name="note" label={t('policy.noteLabel')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
