// Registers a candidate recipient (found by screening); they are verified and start services
// through the lifecycle afterwards. The server checks the ID number's check digit.
import { useState } from 'react';
import { Alert, App, Button, Col, Form, Input, Modal, Row, Select } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { REGIONS, REGISTER_RECIPIENT, type DisabilityLevel, type EligibilityCategory, type RegisterRecipientInput } from '../operations';

const eligibilities: EligibilityCategory[] = [
  'DIBAO',
  'DIBAO_EDGE',
  'RIGID_EXPENDITURE',
  'RELAPSE_MONITORING',
  'DESTITUTE',
  'SCATTERED_ORPHAN',
  'UNSUPPORTED_CHILD',
];
const disabilities: DisabilityLevel[] = ['NONE', 'SEMI_DISABLED', 'DISABLED'];

type Values = RegisterRecipientInput & { townshipId: string };

export function RegisterRecipient({ detailPath }: { detailPath: (id: string) => string }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const townshipId = Form.useWatch('townshipId', form);
  const [regions] = useQuery({ query: REGIONS, variables: {}, pause: !open });
  const [state, register] = useMutation(REGISTER_RECIPIENT);
  const townships = regions.data?.regions.flatMap((c) => c.children) ?? [];
  const villages = townships.find((tw) => tw.id === townshipId)?.children ?? [];
  const required = { required: true, whitespace: true, message: t('registry.register.required') };
  const optional = (v?: string | null) => (v?.trim() ? v.trim() : null);

  const onFinish = async ({ townshipId: _township, ...v }: Values) => {
    const result = await register({
      input: {
        ...v,
        name: v.name.trim(),
        idNumber: v.idNumber.trim().toUpperCase(),
        householdNumber: v.householdNumber.trim(),
        householdHeadName: optional(v.householdHeadName),
        address: optional(v.address),
        phone: optional(v.phone),
        reason: optional(v.reason),
      },
    });
    if (result.error || !result.data) return setError(errorMessage(result.error));
    setOpen(false);
    void message.success(t('registry.register.done', { name: result.data.registerRecipient.name }));
    navigate(detailPath(result.data.registerRecipient.id));
  };

  return (
    <>
      <Button
        type="primary"
        icon={<UserAddOutlined aria-hidden />}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        {t('registry.register.button')}
      </Button>
      <Modal
        title={t('registry.register.title')}
        open={open}
        width={640}
        onCancel={() => setOpen(false)}
        okText={t('registry.register.submit')}
        cancelText={t('registry.register.cancel')}
        okButtonProps={{ loading: state.fetching }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void onFinish(v)}
          preserve={false}
          initialValues={{ eligibilityCategory: 'DIBAO', disabilityLevel: 'SEMI_DISABLED' }}
        >
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('registry.register.name')} rules={[required]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="idNumber"
                label={t('registry.register.idNumber')}
                rules={[required, { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('registry.register.idNumberInvalid') }]}
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="eligibilityCategory" label={t('registry.eligibility')} rules={[required]}>
                <Select options={eligibilities.map((e) => ({ value: e, label: t(`registry.eligibilities.${e}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="disabilityLevel" label={t('registry.disability')} rules={[required]}>
                <Select options={disabilities.map((d) => ({ value: d, label: t(`registry.disabilities.${d}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="townshipId" label={t('registry.register.township')} rules={[required]}>
                <Select
                  loading={regions.fetching}
                  options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
                  onChange={() => form.setFieldValue('villageId', undefined)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="villageId" label={t('registry.register.village')} rules={[required]}>
                <Select disabled={!townshipId} options={villages.map((v) => ({ value: v.id, label: v.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="householdNumber" label={t('registry.register.householdNumber')} extra={t('registry.register.householdHelp')} rules={[required]}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="householdHeadName" label={t('registry.register.headName')} extra={t('registry.register.headNameHelp')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="phone" label={t('registry.register.phone')}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="address" label={t('registry.register.address')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="reason" label={t('registry.register.reason')} extra={t('registry.register.reasonHelp')}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Modal>
    </>
  );
}
