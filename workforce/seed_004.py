"""Seed 004 (shared/seeds/004_1f14166c8c161d80.txt): a band 4 occupational therapy assistant practitioner's
job description and person specification, entered word for word as the demo's role profile.

The seed is a PDF's text. Lines the PDF broke are joined again (a word hyphenated across lines keeps its
hyphen: "evidence-based"); bullet glyphs and the "- " before each trust value are list markers, not words;
nothing else is changed, not even the seed's own spelling and punctuation ("carer’s", "diffuse stressful
situations", "Consumption of alcohol during work hours in not permitted"). What the layout prints itself
(JOB TITLE:, BAND:, the numbers of the key responsibilities, Signature:, Date:, the person specification's
column and group headings) is not content and is not here. tests/workforce/test_profiles_seed.py reads the
seed file and checks that this is all of it and nothing else.

Three decisions the text could not make:

- Layout: the organisational chart's boxes were spilled between key responsibilities 3 and 4; they are the
  organisational structure, top first ("Multidisciplinary" / "Colleagues" is one box, joined). The lone
  full stop after "Freedom to Act" is that heading's own, broken onto the next line ("JOB PURPOSE." and
  "DECISIONS AND JUDGEMENTS." end with one too).
- Essential or desirable: the person specification's two columns were flattened. On each line the essential
  column comes first and the desirable one after ("NVQ III or equivalent  Evidence of recent CPD
  activity."), and a line holding only a space marks where the first column's cell ended and the second's
  began (after "Relevant experience of working in therapies / specialist area" and after "Understanding of
  evidence based practice"). So: qualifications, one essential (NVQ III) and one desirable (recent CPD);
  experience, one essential (relevant experience) and three desirable; skills, two essential and three
  desirable; personal attributes have no break, so all seventeen are essential.
- Assessed by (A = Application, I = Interview, R = References, T = Testing): the marks were lost. Chosen as
  a panel would: what a certificate or a CV shows is assessed on the Application (NVQ III, a car and
  licence); experience on the Application and at Interview; understanding and approach at Interview;
  conduct over time (reliability, manner, time management, working with people) at Interview and from
  References; IT skills on the Application and by Testing.
"""

# The job details, working relationships, purpose, structure and the last words: ProfileVersion's fields.
# Paragraphs are separated by a blank line, a structure's posts by a line each.
VERSION = {
    "job_title": "Occupational Therapy Assistant Practitioner",
    "band": "4",
    "hours": "37.5 hours (over 7 days)",
    "department": "Haywood Therapies Portfolio: (bed based / community services)\n"
    "D2A / Stroke Rehabilitation / Rehabilitation Medicine",
    "location": "Haywood Hospital; Midlands Partnership Foundation Trust (MPFT)",
    "reports_to": "Therapy Clinical Lead",
    "accountable_to": "Clinical Lead/Service Manager",
    "responsible_for": "",
    "relationships_internal": "Clinical teams; Management and Operational Teams including Ward and "
    "Department Managers; Professional Leads",
    "relationships_external": "NHS Trusts; Clinical Commissioning Group; Voluntary Organisations; Primary "
    "Care Services; Service Users and their Families / Carers",
    "job_purpose": "\n\n".join(
        [
            "Haywood Community Hospital prides itself on the delivery of quality care to all patients "
            "(ward and community based), many with complex needs. All services promote the philosophy of "
            "self-care and the promotion of independence whilst offering rehabilitation and assessment.",
            "The post-holder will work within the services contained within the Haywood Hospital Therapies "
            "Portfolio (D2A / Stroke Rehabilitation Service / Rehabilitation Medicine & options for "
            "additional services). The services provide therapy assessment and intervention to adults "
            "following medical deterioration, accidents, trauma and injury with specific service areas "
            "dedicated to stroke and rehabilitation medicine.",
            "Our Services hub is the Haywood Hospital and we provide both bed based and community "
            "services. We work across a range of locations including patients homes, 24-hour bed based "
            "services and clinic settings across Stoke on Trent and Staffordshire. We are part of the "
            "Unplanned Care Portfolio for MPFT. The teams provides therapy across 7 days.",
            "The Occupational Therapy Assistant Practitioner works under the supervision/ direction of the "
            "Registered Therapists, Therapy Leads and Specialist Services Manager and is responsible for "
            "assessing individuals referred to the service who are determined to be noncomplex through "
            "Registered triage process. The Assistant Practitioner is also responsible for managing their "
            "own caseload and will receive regular clinical supervision by a Registered Professional "
            "within the team.",
            "Assessing individual’s functional abilities and providing a treatment plan as to how they may "
            "overcome these functional deficits, this may be through rehabilitation, provision of "
            "equipment, advice and signposting or a combination. The Assistant Practitioner will enable "
            "service users to regain skills and become more independent whilst reducing dependency on "
            "formal and informal care.",
            "The Occupational Therapy Assistant Practitioner will work closely with colleagues in MPFT, "
            "other Health Agencies and the Independent/ Voluntary Sectors, ensuring that our services and "
            "those of others meet the purpose and principles of the Trust.",
        ]
    ),
    "organisational_structure": "\n".join(
        [
            "Service Lead / Management Team",
            "Clinical Lead",
            "Registered Therapists",
            "Multidisciplinary Colleagues",
            "Therapy Assistant Practitioners",
            "Therapy Support Workers",
        ]
    ),
    "spec_job_title": "Therapy Assistant practitioner",
    "spec_department": "D2A / Stroke Therapies",
    "closing_statement": "The duties outlined in the job description are not intended to be exhaustive "
    "lists. The duties and responsibilities may be amended following consultation with you. All job "
    "descriptions will be reviewed annually as part of the annual appraisal process",
    "agreement_declaration": "I declare that I have read the Job Description and Person Specification",
}

NUMBERED, BULLETED, PARAGRAPHS = "numbered", "bulleted", "paragraphs"
RESPONSIBILITIES, EFFORT, GENERAL = "responsibilities", "effort", "general"

# (part, heading, subheading, style, items): ProfileSection and its SectionItems, in the seed's order. A
# section without a heading carries on the one above it (a list after its paragraph).
SECTIONS = [
    (
        RESPONSIBILITIES,
        "KEY RESPONSIBILITIES",
        "",
        NUMBERED,
        [
            "Have an awareness of the local and national drivers influencing the services within the "
            "Haywood Hospital Therapies Portfolio: Discharge to Assess (D2A), Stroke, Rehabilitation "
            "Medicine and other rehabilitation services.",
            "To develop programmes of care, which will be delivered by self, team members, carers and "
            "statutory agencies aimed at improving / maintaining the client’s ability to be discharged "
            "from Hospital; and or remain safely at home within the remit of the Assistant Practitioner "
            "skills and competence. To apply a level of understanding of the effects of disability and "
            "provide appropriate training and advice on lifestyle changes and adaptations to the clients "
            "physical and social environments, both for the client and carers.",
            "Provide and receive complex information relating to patients diagnosis; treatment and long "
            "term rehabilitation outcomes to patients; their carer’s and the multidisciplinary team",
            "To follow the RCOT Occupational Therapy Standards and Guidelines, including all guidance "
            "those affecting the Allied Health Professional services. To incorporate national and local "
            "professional strategies, protocols and clinical guidelines for the introduction of "
            "evidence-based practice within post holders own practice",
            "To be responsible for maintaining own and supporting others with accurate and comprehensive "
            "records in line with Trust standards of practice",
            "To be responsible for their own personal and professional development, fulfilling the "
            "requirements of the post in meeting the requirements of lifelong learning. To assist in the "
            "provision of continuing professional development training, advising and supporting staff at "
            "Band 3 levels or below within the team or service.",
            "To work collaboratively with multi-professional hospital and community services",
            "To undertake bank holiday; weekend and lone working as required. Car driver required to "
            "support both bed based and community services travelling between service sites as required. "
            "Community role; working between patient homes and community bed based / clinic facilities.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "Responsibilities for direct/indirect patient/client care",
        "",
        BULLETED,
        [
            "To assist in the development of an integrated service across all areas of the D2A / stroke "
            "service in conjunction with senior staff.",
            "To hold responsibility for own caseload and be responsible for own practice within skills and "
            "competence of the Assistant practitioner role.",
            "To participate in regular clinical supervision sessions",
            "Assess patients understanding of treatment proposals; gaining valid agreement for treatment",
            "Evaluate patient progress; reassess and review treatment programmes as required",
            "To be responsible for planning and organising own caseload to meet the service and patient "
            "priorities; re-adjusting plans as required",
            "To be responsible for the safe and competent use of equipment by patients and staff under "
            "your supervision, through teaching and the delivery of training and supervision of practice",
            "To keep up to date with best practice.",
            "To contribute to service / team development and strategic planning by sharing skills and "
            "knowledge with the wider team.",
            "To promote the involvement of patients and carers in the D2A service,",
            "To report issues with service provision/ patient care to line manager.",
            "To devise and implement treatment programmes to meet the client’s needs, facilitating the "
            "intervention to a satisfactory closure, whilst monitoring and evaluating throughout the "
            "individuals episode of care.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "COMMUNICATIONS AND RELATIONSHIPS",
        "",
        BULLETED,
        [
            "To establish robust communication networks with clients, carers and members of the "
            "multidisciplinary team.",
            "To participate in and contribute to forums such as MDT meetings, case conferences, "
            "therapy/team meetings, special interest groups and training events.",
            "To work alongside other professions involved with patients both statutory and non–statutory.",
            "The post holder should use reasoning and negotiation skills to establish a therapeutic "
            "relationship with clients and carers managing barriers to communication including those of, "
            "age, disability, sensory deficits, pain, fear and language or learning difficulties. "
            "Cognition is often a barrier to giving and receiving information and the post holder must be "
            "able to deal with these on a daily basis.",
            "To communicate in complex and often conflicting situations using tact, reassurance, empathy, "
            "negotiation and persuasive skills.",
            "To demonstrate a good standard of communication using a variety of resources to deliver "
            "individual and group programmes/courses/sessions.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "MANAGERIAL / ADMINISTRATIVE",
        "",
        BULLETED,
        [
            "To comply with Trust Policy on the Data Protection Act, relating to all information held "
            "manually, used verbally or on the computerised system.",
            "To maintain and submit accurate up to date documentation that is consistent with legal and "
            "organisational requirements.",
            "To manage time effectively and prioritise and delegate workload to support staff.",
            "To identify areas for service improvement.",
            "To work within the Trust framework for Clinical Governance, focusing on Quality, evidence "
            "based practice and best possible patient experience.",
            "To assist in the recruitment, retention and induction of staff.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "MOST CHALLENGING/DIFFICULT PARTS OF THE JOB",
        "",
        BULLETED,
        [
            "Working conditions on community visits may be highly unpleasant and unpredictable – fleas, "
            "dirt, smells, lice, animals and hazardous conditions.",
            "Working clients who have cognitive deficits and/ or acute conditions such as delirium and "
            "therefore become angry and frustrated when trying to express themselves",
            "Informing clients and carers, unpleasant or unwelcome news e.g. maximum potential reached.",
            "Dealing with a heavy caseload and prioritising clients.",
            "Driving and navigating in all weather conditions, driving across the locality to complete "
            "home assessments and follow up visits as required.",
            "The administration and interpretation of assessments requiring intense concentration for "
            "prolonged period.",
            "Undertaking initial assessments and individual treatment planning requires a high level of "
            "concentration.",
            "To manage crisis intervention with highly distressed patients and carers, by face to face or "
            "telephone contact, and recognise those who need onward referral, understanding local "
            "procedures.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "Responsibilities for information resources",
        "",
        BULLETED,
        [
            "To ensure that legible up to date and written records are kept of clients’ details and "
            "progress. In addition, that electronic records and activities are recorded in a timely manner "
            "in accordance with Trust standards.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "Responsibilities for research and development",
        "RESEARCH / DEVELOPMENT",
        BULLETED,
        [
            "To be professionally and legally responsible for all aspects of the post holder’s autonomous "
            "practice ensuring scope of practice is adhered to.",
            "To maintain Continuing Professional Development through participation in internal and "
            "external development opportunities and by keeping up to date with current literature.",
            "To be actively involved in your own supervision and Performance Development Conversation (PDC).",
            "To take an active role in staff and service development through attendance and input at staff "
            "meetings, in-service training sessions and mandatory training.",
            "To be an active member of the D2A team offering support and advice, case presentations and "
            "journal reviews, also presenting to the wider interdisciplinary team.",
            "To work with the Clinical Lead in evaluating your service area with audit, outcome measure "
            "and in-service research projects.",
            "To develop and maintain interest and expertise in rehabilitation and act as a resource to "
            "team members (including those outside of your own profession) for this subject area, "
            "accessing relevant external training.",
            "To review and reflect on your own practice and performance through effective reflection and "
            "use of professional and operational supervision, support and PDC, and to encourage support "
            "staff in their own development.",
        ],
    ),
    (
        RESPONSIBILITIES,
        "Freedom to Act.",
        "DECISIONS AND JUDGEMENTS.",
        BULLETED,
        [
            "To be professionally and legally accountable and responsible for all aspects of your own work "
            "including the management of clients in your care.",
            "To seek advice and opinion from registered staff and other relevant professionals to inform "
            "analysis and reasoning, where appropriate refer on to other services / agencies so "
            "recognising your own professional boundaries.",
            "To take into account the views and wishes of clients, carers and families respecting their "
            "diversity, autonomy and choice.",
            "To use professional judgement when visiting clients in their own homes, balancing their needs "
            "and functional ability with your own personal safety, always adhering to the Trust’s Lone "
            "Working Policy.",
        ],
    ),
    (
        EFFORT,
        "Physical effort",
        "",
        BULLETED,
        [
            "Ability to carry out assessment and treatments of various conditions with moderate to intense "
            "physical effort for several long periods on a daily basis",
            "To perform treatment techniques with a high degree of dexterity; precision and co-ordination",
            "Awkward positions may need to be adopted when carrying out assessments, treatment and fitting "
            "of equipment in the department and domiciliary settings. E.g. raising furniture.",
            "Daily moving and handling of equipment (that can be unwieldy and heavy. (E.g. wheelchairs) in "
            "and out of cars and up and down stairs. (Up to 16kg).",
            "Keyboard skills, computer literate including power point.",
        ],
    ),
    (
        EFFORT,
        "Mental effort",
        "",
        BULLETED,
        [
            "Physical assessments require extreme concentration to monitor movement, control.",
            "The teams are based in multidisciplinary areas, which requires intense concentration to write "
            "notes, take telephone calls and so on.",
        ],
    ),
    (
        EFFORT,
        "Emotional effort",
        "",
        PARAGRAPHS,
        [
            "The team work with clients with profound disabilities and carers who have high levels of "
            "stress. Individuals need to ensure that they can empathise in difficult situations, diffuse "
            "stressful situations and take a professional approach with each client.",
        ],
    ),
    (
        EFFORT,
        "Working conditions",
        "",
        PARAGRAPHS,
        [
            "The team is based in interdisciplinary areas and administration needs to be completed with "
            "several staff present.",
            "The post holder will work independently in the hospital and community and be responsible for "
            "the safety of themselves, other team members and clients when administrating clinical "
            "activities.",
        ],
    ),
    (
        GENERAL,
        "",
        "",
        PARAGRAPHS,
        [
            "You will be expected in your day-to-day activities to behave in a way that is clearly aligned "
            "to the Partnership Trust values of:",
        ],
    ),
    (
        GENERAL,
        "",
        "",
        BULLETED,
        [
            "People",
            "Empowerment",
            "Partnership",
        ],
    ),
    (
        GENERAL,
        "",
        "",
        PARAGRAPHS,
        [
            "Therefore, you should appraise yourself of the expected behaviours of MPFT",
        ],
    ),
    (
        GENERAL,
        "Personal Development Conversation",
        "",
        PARAGRAPHS,
        [
            "You will actively participate in the annual PDC process, which sets personal objectives and "
            "provides a personal development plan to identify individual training and development needs. "
            "This is in addition to a requirement to attend all identified statutory/mandatory training.",
        ],
    ),
    (
        GENERAL,
        "Customer Service Excellence",
        "",
        PARAGRAPHS,
        [
            "You will demonstrate a commitment to provide customer focussed services and to continuously "
            "enhance the customer experience.",
        ],
    ),
    (
        GENERAL,
        "Raising Concerns",
        "",
        PARAGRAPHS,
        [
            "The Partnership Trust is committed to encourage a culture where it is safe and acceptable to "
            "raise concerns about poor or unacceptable practice and misconduct. All employees have a "
            "responsibility in line with the NHS Constitution, their professional code of practice (where "
            "applicable) and the values of the Partnership Trust to report genuine concerns when they are "
            "encountered.",
        ],
    ),
    (
        GENERAL,
        "Information Governance and Confidentiality",
        "",
        PARAGRAPHS,
        [
            "You may, during the course of your employment, receive and come into contact with information "
            "about the Trust, its service users, employees, contractors, and stakeholders much of which "
            "will be considered confidential.",
            "You are required to maintain an appropriate standard of confidentiality. Any disclosures of "
            "confidential information made unlawfully outside the proper course of your responsibilities "
            "will be treated as a serious matter and dealt with under the Trust’s Disciplinary Procedure, "
            "the outcome of which may lead to formal disciplinary action, including dismissal.",
            "Upon leaving the organisation all information that you have obtained should be returned to "
            "your line manager. Your duty of confidentiality to the Trust, its service users, employees, "
            "contractors, and stakeholders shall remain after leaving employment with the Partnership "
            "Trust.",
            "You must comply with all information rights legislation including the Data Protection Act "
            "1998 and shall protect the personal data of your respective staff, clients and patients. In "
            "order to ensure information is handled appropriately and in line with the law you must follow "
            "all Partnership Trust policies, procedures and guidance in relation to information security, "
            "records management and information quality. You have a duty to maintain awareness of "
            "information governance requirements and, as part of this, are required to undertake "
            "information governance training. Failure to comply with these requirements may be treated as "
            "a serious matter and dealt with under the Trust’s Disciplinary Procedure, the outcome of "
            "which may lead to formal disciplinary action, including dismissal.",
        ],
    ),
    (
        GENERAL,
        "IM&T",
        "",
        PARAGRAPHS,
        [
            "As part of your role, you may be expected to use various computer equipment and IT systems. "
            "If you are unable to use any aspect of IT, which you are required to use for your role, it is "
            "your responsibility to seek appropriate advice and support.",
        ],
    ),
    (
        GENERAL,
        "Data Quality",
        "",
        PARAGRAPHS,
        [
            "It is the responsibility of all staff whose jobs requires them to record information in the "
            "Partnership Trust Computer systems (e. g RIO and ESR) to ensure that the data entered into "
            "these systems is of high data quality and that information is recorded correctly and in a "
            "timely manner. Failure to adhere to this requirement could be considered a disciplinary "
            "matter.",
        ],
    ),
    (
        GENERAL,
        "Research Governance",
        "",
        PARAGRAPHS,
        [
            "The Partnership Trust manages all research in accordance with the requirements of Research "
            "Governance Framework. As an employee/contractor of the Partnership Trust, you must comply "
            "with all reporting requirements, systems, duties and actions put in place by the Partnership "
            "Trust to deliver research governance.",
        ],
    ),
    (
        GENERAL,
        "Professional/Managerial Codes of Practice",
        "",
        PARAGRAPHS,
        [
            "You are expected to abide by the relevant codes of practice of the registering body for your "
            "profession and the NHS Code of Conduct for managers, if appropriate.",
        ],
    ),
    (
        GENERAL,
        "Policies",
        "",
        PARAGRAPHS,
        [
            "You will be required to abide by all policies of the Partnership Trust.",
        ],
    ),
    (
        GENERAL,
        "Risk Management",
        "",
        PARAGRAPHS,
        [
            "Patient, client and staff safety is paramount. You will promote a just and open culture to "
            "reporting of incidents and adverse events. In accordance with the Risk Management Strategy, "
            "you will participate, whenever required, with the risk management process. You will support "
            "line managers by attending mandatory and statutory training, completing incident/accident "
            "forms for every adverse event or near miss that occurs, report all defects and complaints, "
            "and communicate any dangerous situation of individuals potentially at risk.",
            "You will promote a risk management culture within your working environment and ensuring "
            "participation and involvement of all staff, in line with the Partnership Trust’s risk "
            "management strategy and policies.",
            "You will identify potential risks that may impact on the Partnership Trusts ability to "
            "achieve its objectives, including details of risk likelihood, severity and impact, and record "
            "these details in the appropriate system and on the Partnership Trust Risk register.",
        ],
    ),
    (
        GENERAL,
        "Health and Safety at Work",
        "",
        PARAGRAPHS,
        [
            "Health & Safety is the responsibility of all staff and you are required to take due care at "
            "work, report any accidents or untoward occurrences and comply with the Partnership Trust "
            "Health & Safety Policy in order that it can fulfil its Health and Safety responsibilities.",
            "You should be aware of current health and safety policies of the Partnership Trust and attend "
            "all mandatory health and safety training. You will maintain a safe working environment for "
            "patients, clients, visitors and employees. You must not willingly endanger yourself or others "
            "whilst at work and safe working practices and safety precautions must be adhered to. "
            "Protective clothing and equipment must be used where appropriate.",
            "You will comply with regular Health & Safety inspections with the Health and Safety Manager "
            "to ensure compliance with all current legislation. You must co-operate with those in "
            "authority and others in meeting the statutory requirements and in following policies and "
            "procedures. You are reminded that in accordance with the Health and Safety at Work Act 1974 "
            "you have a duty to take reasonable care to avoid injury to yourself and to others affected by "
            "your work activities.",
        ],
    ),
    (
        GENERAL,
        "Infection Prevention and Control",
        "",
        PARAGRAPHS,
        [
            "In accordance with the Health and Social Care Act 2010, you will actively participate in the "
            "prevention, control within the capacity of your role, and act as a role model to all staff. "
            "The Act requires you to attend Infection Prevention and Control training on induction, "
            "regular updates as required in the Partnership Trust Training needs analysis policy and to "
            "take responsibility for the practical application of the training in the course of your work. "
            "Infection prevention and control must be included in any personal development plan or "
            "appraisal.",
        ],
    ),
    (
        GENERAL,
        "Safeguarding of Children & Young People",
        "",
        PARAGRAPHS,
        [
            "The Partnership Trust is committed to the Safeguarding of Children and Young People and has "
            "signed up to the Safeguarding Children Board Policy & Procedures to which you must be "
            "familiar with and adhere to. It is your responsibility to attend mandatory training with "
            "regard to child protection as per the Partnership Trust’s Policy and Guidance.",
        ],
    ),
    (
        GENERAL,
        "Safeguarding Vulnerable Adults",
        "",
        PARAGRAPHS,
        [
            "It is the responsibility of all employees to safeguard vulnerable adults and to attend "
            "mandatory training. You must adhere to the Partnership Trust’s Adult safeguarding policies "
            "and also Staffordshire & Stoke on Trent Interagency Adult Protection Procedures.",
        ],
    ),
    (
        GENERAL,
        "Alcohol & Drugs",
        "",
        PARAGRAPHS,
        [
            "Even small amounts of alcohol can impair work performance and affect the ability to deal with "
            "patients/clients and the public in a proper and acceptable manner. Consumption of alcohol "
            "during work hours in not permitted, neither is attending work already under the influence of "
            "alcohol or other substances.",
        ],
    ),
    (
        GENERAL,
        "Smoke Free Environment",
        "",
        PARAGRAPHS,
        [
            "All employees are required as a condition of their employment to be non-smoking whilst on "
            "duty. During any unpaid breaks in duty, such as the formal lunch break or a split shift, "
            "staff will be free to smoke but only provided the following conditions are observed:",
        ],
    ),
    (
        GENERAL,
        "",
        "",
        BULLETED,
        [
            "Smoking takes place away from the Partnership Trust premises, grounds and immediate "
            "environment; it is not acceptable for staff to congregate in groups to smoke out Partnership "
            "Trust premises and smoking will not be tolerated at entrances/exits to the Partnership Trust "
            "sites. Smoking “breaks” are not permitted under any circumstances i.e. smokers will not "
            "receive additional breaks to allow them to smoke.",
            "Any members of staff smoking in any location must not be identifiable as NHS employees. "
            "Employees wishing to smoke should ensure their uniforms are fully covered in all seasons.",
            "Smokers must give sufficient time for smoke smells/smells of tobacco to dissipate before "
            "returning to direct patient care.",
            "Staff who wish to quit smoking will be supported and encouraged to seek advice and assistance "
            "in doing so in order to comply with the requirements of this policy.",
        ],
    ),
    (
        GENERAL,
        "Counter Fraud",
        "",
        PARAGRAPHS,
        [
            "You are expected to comply with Partnership Trust counter fraud policies and procedures and "
            "to note the obligation, where appropriate, to inform and seek advice from the Local Counter "
            "Fraud Specialist.",
            "Employees are expected to act in accordance with the standards laid down by their "
            "Professional Organisations and statutory standards where applicable and are expected to:-",
        ],
    ),
    (
        GENERAL,
        "",
        "",
        BULLETED,
        [
            "Ensure that the interest of patients/clients remains paramount at all times.",
            "Be impartial and honest in the conduct of their official business.",
            "Use the public funds entrusted to them to the best advantage of the service, always ensuring "
            "value for money.",
            "Ensure that they do not abuse their official position for personal gain or to benefit their "
            "family or friends.",
            "Ensure that they do not seek to advantage or further private business or other interest, in "
            "the course of their official duties.",
            "Comply with all aspects of this policy and other Partnership Trust policies",
            "Consult with their line Manager if in any doubt.",
        ],
    ),
    (
        GENERAL,
        "Corporate Communications and Engagement",
        "",
        PARAGRAPHS,
        [
            "All staff, as part of their role and everyday duties, have a part to play in supporting the "
            "delivery of communications and engagement, whether it is through effecting good "
            "communications internally, delivering key messages externally, engaging with partners and the "
            "public or helping to gather good news.",
            "Effective communications and engagement is not a separate task or discrete process carried "
            "out by a particular team, but a business imperative and the responsibility of every employee "
            "– as such it will form part of the appraisal process for all members of staff. The "
            "Partnership Trust will provide appropriate support to enable employees to develop a confident "
            "knowledge base of the organisation and proactively undertake communications and engagement on "
            "services and Partnership Trust priorities.",
        ],
    ),
    (
        GENERAL,
        "Security",
        "",
        PARAGRAPHS,
        [
            "You have a responsibility to ensure the preservation of NHS property and resources and will "
            "take all reasonable steps to ensure your own personal security and that of colleagues and "
            "patients/clients.",
        ],
    ),
]

QUALIFICATIONS, EXPERIENCE, SKILLS, PERSONAL = "qualifications", "experience", "skills", "personal"
ESSENTIAL, DESIRABLE = True, False

# (category, text, essential, assessed by: letters of A, I, R, T): the person specification's criteria in the
# seed's order, essential before desirable within each group. See the module's docstring for the decisions.
CRITERIA = [
    (QUALIFICATIONS, "NVQ III or equivalent", ESSENTIAL, "A"),
    (QUALIFICATIONS, "Evidence of recent CPD activity.", DESIRABLE, "AI"),
    (EXPERIENCE, "Relevant experience of working in therapies / specialist area", ESSENTIAL, "AI"),
    (EXPERIENCE, "Previous experience of working in a community/Hospital setting", DESIRABLE, "AI"),
    (EXPERIENCE, "Previous experience of lone working", DESIRABLE, "AI"),
    (EXPERIENCE, "Evidence of multi-disciplinary team working", DESIRABLE, "AI"),
    (SKILLS, "Have evidence to show a good range of prior clinical experience", ESSENTIAL, "AI"),
    (SKILLS, "Understanding of evidence based practice", ESSENTIAL, "I"),
    (SKILLS, "Understanding of clinical audit and or research", DESIRABLE, "I"),
    (SKILLS, "Committed to continuing professional development", DESIRABLE, "AI"),
    (SKILLS, "Awareness of current issues and policy documents", DESIRABLE, "I"),
    (PERSONAL, "Willing to participate in training", ESSENTIAL, "I"),
    (PERSONAL, "Demonstrate an understanding of rehabilitation", ESSENTIAL, "I"),
    (PERSONAL, "Demonstrate ability to learn new skills", ESSENTIAL, "IR"),
    (PERSONAL, "Ability to work with people", ESSENTIAL, "IR"),
    (PERSONAL, "Mature and professional manner", ESSENTIAL, "IR"),
    (PERSONAL, "Excellent interpersonal and communication skills, (written and verbal)", ESSENTIAL, "AI"),
    (PERSONAL, "Able to work independently and as part of a team", ESSENTIAL, "IR"),
    (PERSONAL, "Evidence of ability to switch tasks/multi-task.", ESSENTIAL, "IR"),
    (PERSONAL, "Reliable", ESSENTIAL, "R"),
    (PERSONAL, "Ability to organise self and others", ESSENTIAL, "I"),
    (PERSONAL, "Able to motivate self and others", ESSENTIAL, "I"),
    (PERSONAL, "IT skills", ESSENTIAL, "AT"),
    (PERSONAL, "Good time management", ESSENTIAL, "IR"),
    (PERSONAL, "Positive approach to change", ESSENTIAL, "I"),
    (PERSONAL, "Flexible to the needs of the service", ESSENTIAL, "I"),
    (
        PERSONAL,
        "Driver with own car which is maintained to the level required to be able to use for work purposes",
        ESSENTIAL,
        "A",
    ),
    (PERSONAL, "Able to contribute to 7-day service.", ESSENTIAL, "AI"),
]

STAGE_LETTERS = {"A": "by_application", "I": "by_interview", "R": "by_references", "T": "by_testing"}


def sections():
    """SECTIONS as the services take them: dicts, in order."""
    return [
        {"part": part, "heading": heading, "subheading": subheading, "style": style, "items": list(items)}
        for part, heading, subheading, style, items in SECTIONS
    ]


def criteria():
    """CRITERIA as the services take them: dicts with the four stage flags, in order."""
    return [
        {
            "category": category,
            "text": text,
            "essential": essential,
            **{flag: letter in stages for letter, flag in STAGE_LETTERS.items()},
        }
        for category, text, essential, stages in CRITERIA
    ]
