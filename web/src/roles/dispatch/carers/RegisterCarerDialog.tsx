// Registering a carer of an organisation: name, phone, kind (with their own hardship category
// for an assisted-employment carer), home village and weekly hours. Certificates and pairings
// are added on the carer's page, which opens next.
import { useMemo, useState } from 'react';
import { Alert, App, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { showRefusal } from '../../../app/form-refusal';
import { CARER_REGIONS, REGISTER_CARER, type CarerKind, type HardshipCategory } from '../operations';
import type { HoursRange } from './hours';
import { WeekGrid } from './WeekGrid';

const hardshipCategories: HardshipCategory[] = ['DIBAO', 'DIBAO_EDGE', 'RIGID_EXPENDITURE', 'RELAPSE_MONITORING', 'OTHER_LOW_INCOME'];

/** Monday to Friday, eight to five: a start the dispatcher changes with a few clicks. */
const usualHours: HoursRange[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startsAt: '08:00', endsAt: '17:00' }));

interface Values {
  name: string;
  phone?: string;
  kind: CarerKind;
  hardshipCategory?: HardshipCategory;
  townshipId?: string;
  homeVillageId: string;
  workingHours: HoursRange[];
}

/** The week grid as a form control. */
export function HoursField({ value, onChange }: { value?: HoursRange[]; onChange?: (hours: HoursRange[]) => void }) {
  return <WeekGrid value={value ?? []} onChange={onChange ?? (() => undefined)} />;
}

export function RegisterCarerDialog({ organisation, onClose }: { organisation: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const townshipId = Form.useWatch('townshipId', form);
  const [regions] = useQuery({ query: CARER_REGIONS, variables: {} });
  const townships = useMemo(() => regions.data?.regions.flatMap((c) => c.children) ?? [], [regions.data]);
  const villages = townships.find((tw) => tw.id === townshipId)?.children ?? [];
  const [state, register] = useMutation(REGISTER_CARER);
  const [problem, setProblem] = useState<string | null>(null);
  const required = { required: true, message: t('register.required') };

  const onFinish = async (v: Values) => {
    setProblem(null);
    const result = await register({
      input: {
        organisationId: organisation.id,
        name: v.name.trim(),
        phone: v.phone?.trim() || null,
        kind: v.kind,
        hardshipCategory: v.kind === 'ASSISTED_EMPLOYMENT' ? v.hardshipCategory : null,
        homeVillageId: v.homeVillageId,
        workingHours: v.workingHours,
      },
    });
    if (result.error) {
      return setProblem(showRefusal(form, result.error));
    }
    const carer = result.data!.registerCarer;
    void message.success(t('register.done', { name: carer.name }));
    onClose();
    navigate(carer.id);
  };

  return (
    <Modal
      open
      width={980}
      title={t('register.title', { organisation: organisation.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('register.submit')}
      cancelText={t('register.cancel')}
      okButtonProps={{ loading: state.fetching }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'ASSISTED_EMPLOYMENT', workingHours: usualHours }} onFinish={(v) => void onFinish(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('register.name')} rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('register.phone')} rules={[{ pattern: /^\s*[0-9+-]{5,20}\s*$/, message: t('register.phoneInvalid') }]}>
              <Input inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('register.kind')} extra={t('register.kindHelp')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={(['ASSISTED_EMPLOYMENT', 'PROFESSIONAL'] as const).map((k) => ({ value: k, label: t(`enums.kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {kind === 'ASSISTED_EMPLOYMENT' && (
              <Form.Item name="hardshipCategory" label={t('register.hardship')} rules={[required]}>
                <Select options={hardshipCategories.map((h) => ({ value: h, label: t(`enums.hardship.${h}`) }))} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="townshipId" label={t('register.township')} rules={[required]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={regions.fetching}
                options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
                onChange={() => form.setFieldValue('homeVillageId', undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="homeVillageId" label={t('register.village')} rules={[required]}>
              <Select disabled={!townshipId} showSearch={{ optionFilterProp: 'label' }} options={villages.map((v) => ({ value: v.id, label: v.name }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="workingHours" label={t('register.hours')}>
          <HoursField />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}
