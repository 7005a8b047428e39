// The 27-item catalog of seed 002 (五大类27项): daily-life care, health care, counselling,
// resource linking, farm and emergency help. Guide prices in fen, set from market prices so
// that the average delivered service is about 46 yuan (21,863 services, ~1,000,000 yuan).
export interface CatalogItem {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  unit: 'visit' | 'hour' | 'day';
  standardMinutes: number;
  priceFen: number;
  requiredQualification?: 'nursing' | 'rehabilitation' | 'counselling' | 'tutoring' | 'social_work';
  isUrgent?: boolean;
  seasonalVariants?: string[];
}

export interface CatalogCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  items: CatalogItem[];
}

export const catalog: CatalogCategory[] = [
  {
    code: 'daily_care',
    nameZh: '生活照料',
    nameEn: 'Daily-life care',
    items: [
      { code: 'bathing', nameZh: '助浴', nameEn: 'Help with bathing', descriptionZh: '上门协助洗澡、擦身、更衣', unit: 'visit', standardMinutes: 60, priceFen: 5000, seasonalVariants: ['冬季室内保暖助浴'] },
      { code: 'meal_help', nameZh: '助餐送餐', nameEn: 'Meal help and delivery', descriptionZh: '做饭或送餐上门、协助进食', unit: 'visit', standardMinutes: 45, priceFen: 2500, seasonalVariants: ['端午送粽', '中秋送月饼'] },
      { code: 'home_cleaning', nameZh: '居家保洁', nameEn: 'Home cleaning', descriptionZh: '清扫房屋、整理物品、清洁厨卫', unit: 'visit', standardMinutes: 120, priceFen: 6000, seasonalVariants: ['春节大扫除', '梅雨季防霉'] },
      { code: 'laundry', nameZh: '衣物清洗', nameEn: 'Laundry', descriptionZh: '清洗、晾晒、整理衣物被褥', unit: 'visit', standardMinutes: 60, priceFen: 3000, seasonalVariants: ['换季被褥晾晒'] },
      { code: 'haircut', nameZh: '理发修甲', nameEn: 'Haircut and nail care', descriptionZh: '上门理发、剪指甲、刮胡', unit: 'visit', standardMinutes: 40, priceFen: 2500 },
      { code: 'day_care', nameZh: '日间托管', nameEn: 'Day care', descriptionZh: '白天看护、陪伴、照料起居', unit: 'day', standardMinutes: 480, priceFen: 10000 },
      { code: 'companion_care', nameZh: '陪护照料', nameEn: 'Companion care', descriptionZh: '按小时陪护、协助起居与活动', unit: 'hour', standardMinutes: 60, priceFen: 3000 },
      { code: 'shopping', nameZh: '代购生活用品', nameEn: 'Shopping for daily necessities', descriptionZh: '代购米油、药品外的日用品并送到家', unit: 'visit', standardMinutes: 60, priceFen: 2000, seasonalVariants: ['年货代购'] },
    ],
  },
  {
    code: 'health_care',
    nameZh: '健康护理',
    nameEn: 'Health care',
    items: [
      { code: 'health_check', nameZh: '健康监测', nameEn: 'Health check', descriptionZh: '测量血压、血糖，记录健康状况', unit: 'visit', standardMinutes: 30, priceFen: 3000, requiredQualification: 'nursing', seasonalVariants: ['高温天气防暑巡访'] },
      { code: 'home_nursing', nameZh: '上门护理', nameEn: 'Home nursing', descriptionZh: '压疮护理、伤口换药、导尿管护理等', unit: 'visit', standardMinutes: 60, priceFen: 8000, requiredQualification: 'nursing' },
      { code: 'rehabilitation', nameZh: '康复训练', nameEn: 'Rehabilitation exercise', descriptionZh: '肢体功能训练、行走训练', unit: 'visit', standardMinutes: 60, priceFen: 8000, requiredQualification: 'rehabilitation' },
      { code: 'medication_guidance', nameZh: '用药指导', nameEn: 'Medication guidance', descriptionZh: '整理药品、指导按时按量服药', unit: 'visit', standardMinutes: 30, priceFen: 3000, requiredQualification: 'nursing' },
      { code: 'clinic_escort', nameZh: '陪同就医', nameEn: 'Escort to the clinic', descriptionZh: '陪同看病、挂号取药、办理手续', unit: 'visit', standardMinutes: 180, priceFen: 6000 },
      { code: 'chronic_followup', nameZh: '慢病随访', nameEn: 'Chronic illness follow-up', descriptionZh: '慢性病随访、健康宣教', unit: 'visit', standardMinutes: 45, priceFen: 4000, requiredQualification: 'nursing' },
    ],
  },
  {
    code: 'counselling',
    nameZh: '心理疏导',
    nameEn: 'Counselling and emotional support',
    items: [
      { code: 'psychological_counselling', nameZh: '心理咨询', nameEn: 'Psychological counselling', descriptionZh: '一对一心理咨询与情绪疏导', unit: 'visit', standardMinutes: 60, priceFen: 8000, requiredQualification: 'counselling' },
      { code: 'companionship', nameZh: '精神慰藉', nameEn: 'Companionship and chatting', descriptionZh: '聊天陪伴、读报、节日探访', unit: 'visit', standardMinutes: 60, priceFen: 3000, seasonalVariants: ['春节、重阳节日探访'] },
      { code: 'study_tutoring', nameZh: '学业辅导', nameEn: 'Study tutoring', descriptionZh: '为困境儿童辅导功课、陪伴学习', unit: 'visit', standardMinutes: 90, priceFen: 6000, requiredQualification: 'tutoring', seasonalVariants: ['寒暑假辅导'] },
      { code: 'family_mediation', nameZh: '家庭关系调适', nameEn: 'Family relationship support', descriptionZh: '家庭矛盾调解、亲子关系辅导', unit: 'visit', standardMinutes: 60, priceFen: 6000, requiredQualification: 'social_work' },
    ],
  },
  {
    code: 'resource_linking',
    nameZh: '资源链接',
    nameEn: 'Resource linking',
    items: [
      { code: 'policy_advice', nameZh: '政策咨询', nameEn: 'Policy advice', descriptionZh: '讲解救助政策、协助申请', unit: 'visit', standardMinutes: 30, priceFen: 2000 },
      { code: 'proxy_errands', nameZh: '代办跑腿', nameEn: 'Proxy errands', descriptionZh: '代缴费用、代取邮件、代办证件', unit: 'visit', standardMinutes: 60, priceFen: 2500 },
      { code: 'job_referral', nameZh: '就业帮扶', nameEn: 'Job referral', descriptionZh: '对接就业岗位、技能培训信息', unit: 'visit', standardMinutes: 60, priceFen: 4000 },
      { code: 'legal_aid_link', nameZh: '法律援助对接', nameEn: 'Legal aid referral', descriptionZh: '联系法律援助、协助维权', unit: 'visit', standardMinutes: 60, priceFen: 4000 },
      { code: 'charity_link', nameZh: '慈善资源对接', nameEn: 'Charity resource linking', descriptionZh: '对接慈善捐赠、志愿服务', unit: 'visit', standardMinutes: 45, priceFen: 2000 },
    ],
  },
  {
    code: 'farm_emergency',
    nameZh: '助农助急',
    nameEn: 'Farm help and emergency help',
    items: [
      { code: 'farm_help', nameZh: '农忙帮扶', nameEn: 'Help in the farming season', descriptionZh: '插秧、收割、晾晒等农忙帮工', unit: 'day', standardMinutes: 480, priceFen: 12000, seasonalVariants: ['春耕', '双抢', '秋收'] },
      { code: 'emergency_help', nameZh: '应急帮扶', nameEn: 'Emergency help', descriptionZh: '突发困难上门处置，24小时内响应', unit: 'visit', standardMinutes: 60, priceFen: 5000, isUrgent: true, seasonalVariants: ['汛期转移', '冰冻天气送暖'] },
      { code: 'temporary_care', nameZh: '临时看护', nameEn: 'Temporary care in an emergency', descriptionZh: '家人住院或外出时的临时看护', unit: 'day', standardMinutes: 480, priceFen: 10000, isUrgent: true },
      { code: 'home_safety', nameZh: '居家安全检查', nameEn: 'Home safety check', descriptionZh: '检查水电气、防火防汛隐患并简单维修', unit: 'visit', standardMinutes: 60, priceFen: 4000, seasonalVariants: ['汛前检查', '冬季用电安全'] },
    ],
  },
];

/** The guide prices of the reference catalog take effect from this instant. */
export const catalogPricesEffectiveFrom = new Date('2024-01-01T00:00:00+08:00');
