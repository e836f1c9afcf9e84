import type { Kysely } from "kysely";
import { slugOf } from "../../app/domain/guidance/articles.server.ts";
import { markdownPlainText } from "../../app/domain/guidance/markdown.server.ts";
import type { Database } from "../types.ts";

/**
 * The demo guidance library (issue 11, ADR 54): articles on inclusive practice in Kent's schools, written for this
 * portal, owned by the demo Inclusion Champion (champion@kent.example) and the demo council officer
 * (officer@kent.example). Seventeen are published (one of them, the officer's, overdue for review: last reviewed
 * thirteen months ago), one is a draft and one is archived. Each is stored as a writer would leave it: its first version kept, its
 * timeline (written, then published or archived) and its tags. Does nothing when the library has articles already.
 */

type DB = Kysely<Database>;

type Owner = "champion" | "officer";

export interface ArticleSeed {
  title: string;
  summary: string;
  body: string;
  needs: string[];
  topics: string[];
  owner: Owner;
  status?: "published" | "draft" | "archived";
  /** Months since it was last reviewed (published articles); 13 makes it overdue. */
  reviewedMonthsAgo?: number;
}

export const ARTICLES: ArticleSeed[] = [
  {
    title: "Mainstream Core Standards: what every Kent school provides",
    summary:
      "Kent's Mainstream Core Standards describe the support every mainstream school offers before asking for more. How to use them to check your provision, plan adjustments and show what you have already done.",
    owner: "officer",
    needs: [],
    topics: ["mainstream-core-standards", "inclusive-practice"],
    body: `Kent's Mainstream Core Standards set out what the council expects every mainstream school to provide for children and young people with special educational needs and disabilities (SEND), from its own resources, before it asks for anything more. They are the shared starting point for the SENCO, class teachers, the Local Inclusion Forum Team (LIFT), Inclusion Champions and council officers: when a school asks for advice, specialist teaching or High Needs Funding, the first question is always what the Mainstream Core Standards say the school already offers and how well it is working.

## How the standards are organised

The standards follow the four broad areas of need in the SEND Code of Practice:

- communication and interaction;
- cognition and learning;
- social, emotional and mental health;
- sensory and/or physical.

For each area they describe provision at increasing levels, from what good teaching offers every pupil, through targeted support for some pupils, to personalised provision for a few. The personalised level matters for funding: Kent's High Needs Funding criteria ask a school to show that a pupil's provision is at the personalised level of the Mainstream Core Standards.

## Using them well

**Audit, do not just read.** Take one area of need at a time with your senior leaders and ask, for each statement, "Where would a visitor see this in our school?" Note the evidence: a lesson, a policy, a provision map, a pupil's plan. Where the answer is "not yet", that is your development plan.

**Start from the classroom.** Most of the standards are about quality-first teaching: clear routines, visual supports, adapted resources, pre-teaching vocabulary, chunked instructions, and time to process. These help every pupil and cost little. An adjustment made for one child is often worth making for the whole class.

**Record what you have tried.** When you later ask LIFT for advice or apply for funding, you will be asked what you have already put in place and what difference it made. A short, dated note in the pupil's SEN support plan ("visual timetable introduced 4 November; fewer incidents at transitions by half term") is worth more than a long list of strategies with no outcomes.

**Review with the pupil and family.** The standards expect parents and carers and the pupil themselves to be part of planning. Ask what helps at home and what the pupil finds hardest in school.

## Questions an Inclusion Champion may ask on a visit

1. Which areas of the standards has the school audited this year, and what changed as a result?
2. How do class teachers know which adjustments each pupil on SEN support needs?
3. How is the impact of targeted interventions checked, and how often?
4. Where is personalised provision recorded for pupils who may need a funding request?

## Where to go next

Read the articles in this library on the graduated approach and provision mapping, which show how the standards turn into a plan for each pupil. If a pupil's needs are not met after you have applied the standards consistently, your district's LIFT meeting is the next step.`,
  },
  {
    title: "SEN support and the graduated approach",
    summary:
      "Assess, plan, do, review: how the SEND Code of Practice's graduated approach works in practice for pupils on SEN support, and what good records look like at each stage.",
    owner: "champion",
    needs: [],
    topics: ["graduated-approach", "mainstream-core-standards"],
    body: `The SEND Code of Practice (2015) asks schools to meet the needs of pupils on SEN support through a **graduated approach**: a cycle of *assess, plan, do, review* that is repeated, each time with a clearer picture of what the pupil needs and what works. In the school census these pupils are recorded with the code K (SEN support); pupils with an education, health and care (EHC) plan are recorded as E.

## Assess

Start with what the class teacher knows: attainment and progress, work in books, observations of how the pupil learns, and what the pupil and their parents or carers say. Add the SENCO's view and, where useful, a standardised assessment or a checklist from the Mainstream Core Standards. The aim is to understand the need, not only to describe the difficulty. "Finds writing hard" is a starting point; "can compose orally but loses ideas while transcribing; letter formation is slow and effortful" tells you what to do.

Record the pupil's primary area of need. The DfE codes (for example SPLD, SLCN, ASD, SEMH) help the school and the council see patterns, but they are not a diagnosis and should be reviewed as understanding grows.

## Plan

Agree with the pupil and family:

- two or three outcomes that are specific enough to tell, at the review, whether they were met;
- the adjustments every adult will make in class;
- any additional intervention: what, how often, for how long, and who delivers it;
- the date of the next review.

Keep the plan short enough that a supply teacher could pick it up and use it.

## Do

The class teacher remains responsible for the pupil's progress, including during time spent in interventions away from the class. Teaching assistants need to know the outcomes the intervention is working towards and how to record what they see. Link what happens in the intervention back to lessons: if a pupil is learning a reading strategy in a small group, the class teacher should prompt them to use it in class too.

## Review

Review on the date agreed (the Code of Practice expects schools to meet parents at least three times a year). Look at the evidence against each outcome and decide together:

- the need is now met by good teaching and the pupil can come off SEN support;
- progress is being made and the plan continues with adjustments;
- progress is limited despite well-delivered support, and the school should seek advice from outside, through LIFT in Kent.

## Common pitfalls

- **Cycles that never close.** A plan reviewed without evidence is repeated without learning. Bring work samples and data to every review.
- **Too many outcomes.** Ten targets cannot all be taught well; choose the ones that matter most.
- **Interventions without an exit.** Every intervention should have a planned length and a check on impact.

Good records of several cycles are also the evidence a LIFT referral, a High Needs Funding request or an EHC needs assessment request will need.`,
  },
  {
    title: "Provision mapping that shows impact",
    summary:
      "A provision map shows the additional support a school offers, who receives it, what it costs and what difference it makes. How to build one that leaders, governors and the council can use.",
    owner: "officer",
    needs: [],
    topics: ["provision-mapping", "funding"],
    body: `A provision map is a single view of the additional and different provision a school makes for pupils with SEND: the interventions and adjustments on offer, the pupils receiving each one, the staff time and cost involved, and the impact. It turns individual SEN support plans into a picture of the whole school, and it is one of the most useful documents a SENCO can bring to a conversation with senior leaders, governors, an Inclusion Champion or the council.

## What to include

For each provision, record:

- **what it is** — for example, a precision teaching programme for reading, a social communication group, a sensory circuit before school;
- **the area of need** it addresses, using the four broad areas of the Code of Practice;
- **who delivers it** and how often (sessions a week, minutes a session, number of weeks);
- **the pupils** receiving it;
- **the cost**, usually staff time at an hourly rate plus any resources;
- **the measure of impact** and the result at the last review.

Costing matters. In Kent a school meets the first £6,000 of additional support for a pupil from its notional SEN budget (element 2). A costed provision map shows, pupil by pupil, when additional provision approaches or exceeds that figure, which is the threshold for a High Needs Funding request.

## Showing impact

Impact is the hardest column to fill and the most important. Decide the measure before the intervention starts: a reading age, a standardised score, the number of words read correctly in a minute, a Boxall Profile, the number of playground incidents, the pupil's own rating of how anxious they feel. Measure at the start and at the end, and record the result honestly. An intervention that does not work for a pupil is information, not failure, provided the school acts on it.

## Using the map

- **With leaders and governors:** to show how the SEN budget is spent and which provision gives the best results.
- **In review meetings:** to check that every pupil on SEN support has provision that matches their plan.
- **When planning next year:** to retire interventions with weak impact and train staff in those with strong impact.
- **In funding requests and LIFT referrals:** as evidence of what the school has already provided from its own resources.

## Keeping it manageable

Update the map at each review point rather than continuously. Keep the list of interventions short and well delivered: a few programmes run with fidelity by trained staff usually do more than many run occasionally. Where your Community of Schools keeps a shared provision map, align your descriptions with it so that provision can be compared across schools.`,
  },
  {
    title: "Getting the most from LIFT and STLS",
    summary:
      "How schools reach Kent's Specialist Teaching and Learning Service through their district's Local Inclusion Forum Team meeting: when to refer, what to send, and how to act on the outcome.",
    owner: "champion",
    needs: [],
    topics: ["lift-stls", "graduated-approach"],
    body: `The Specialist Teaching and Learning Service (STLS) is Kent's team of specialist teachers who work with individual children and train school staff in complex and less common needs. There are teams in each of Kent's 12 districts, and county-wide teams for sensory needs (hearing, vision and multi-sensory impairment) and physical disability. Schools reach the district teams through their **Local Inclusion Forum Team (LIFT)** meeting.

## Before you refer

LIFT is not the first step. A referral should show that the school has applied the Mainstream Core Standards and run at least one well-recorded cycle of the graduated approach: assess, plan, do, review. LIFT colleagues will want to know what has been tried, for how long, and what happened.

You also need the parents' or carers' signed **Agreement to Engage**. Talk to the family first about why you are asking for advice and what might follow; a family who understands the referral is far more likely to be part of the plan that comes from it.

## What to send

A strong LIFT request is short and specific:

- the pupil's needs, in the words of the school's assessments and the family's view;
- the provision already in place, with dates and outcomes;
- the question you want LIFT to help answer ("How can we support Sam's communication in whole-class teaching?" rather than "Please advise");
- the signed Agreement to Engage.

Check your district's closing date. Papers are usually due several days before the meeting (in several districts, the Wednesday before), and districts limit how many referrals each school may bring to one meeting, commonly three.

## At the meeting

LIFT meetings bring SENCOs, specialist teachers and other professionals together. Come ready to explain the referral briefly and to listen: other SENCOs often have practical ideas from similar pupils. Outcomes include:

- **advice** for the school to put in place;
- **training** for staff;
- **support from another school** with relevant experience;
- **specialist intervention** from a specialist teacher, an outreach teacher or an educational psychologist.

## After the meeting

Put the advice into the pupil's plan straight away, with a review date, and tell the family what was agreed. If a specialist teacher is allocated, book their visits promptly and make sure the staff who work with the pupil can meet them. Record what you did with each recommendation: Kent's High Needs Funding criteria ask whether LIFT advice was sought and whether its recommendations were put in place.

## Other ways to get help

Every school has a named **link teacher** from STLS, and many districts run **drop-in clinics** where a SENCO can talk through a concern without a full referral. These are good places to test whether a referral is the right next step.`,
  },
  {
    title: "Autism-friendly classrooms",
    summary:
      "Practical adjustments that help autistic pupils learn and feel safe in mainstream classrooms: predictability, communication, the sensory environment and understanding behaviour.",
    owner: "champion",
    needs: ["ASD"],
    topics: ["inclusive-practice", "mainstream-core-standards"],
    body: `Autistic pupils experience the world differently: in how they communicate and interact, in how they process sensory information, and in how they manage change and uncertainty. Every autistic pupil is different, so start from the individual, but a small number of adjustments help most autistic pupils and many others too. They sit at the universal level of Kent's Mainstream Core Standards.

## Make the day predictable

- Use a **visual timetable** for the class, and an individual one where needed. Show changes on it before they happen.
- **Warn about transitions**: a countdown, a timer, or a "first... then..." board.
- Keep routines for entering the room, starting work and packing away consistent across adults.
- Prepare pupils for visitors, supply teachers, fire drills and trips with a short social story or a photo.

## Communicate clearly

- Say the pupil's name before an instruction, then give one instruction at a time.
- Use literal language. "Pull your socks up" may be taken at face value.
- Support spoken words with visuals, gestures or written steps.
- Allow processing time: wait before repeating, and repeat with the same words.
- Check understanding by asking the pupil to show you, not by asking "Do you understand?"

## Look at the sensory environment

Noise, light, smell, touch and crowding can make learning impossible for some autistic pupils. Walk the classroom as the pupil might experience it:

- reduce visual clutter around the board;
- offer a quieter workspace or ear defenders;
- think about seating: near the door, away from the hand dryer, with a wall behind;
- allow movement breaks and a known place to go when overwhelmed;
- plan for busy times such as lunch, assemblies and corridors between lessons.

## Understand behaviour as communication

Distressed behaviour is usually a sign that demands have exceeded what the pupil can manage at that moment. Notice what happened before: a change, a noise, an unclear task, a social demand. Record patterns and adjust the environment or task, rather than relying on sanctions that the pupil may not connect with the behaviour. Agree a calm, low-language response that every adult uses.

## Build on strengths and interests

Many autistic pupils have deep interests and strengths in memory, detail or pattern. Use interests as a bridge into learning and as a reward, and give pupils roles that use their strengths.

## Working with families and specialists

Parents and carers know what helps at home; ask them. For training, the Autism Education Trust programme offers *Making Sense of Autism* for all staff, *Good Autism Practice* for staff working directly with autistic pupils and *Leading Good Autism Practice* for SENCOs and leaders. If a pupil's needs are not met by these adjustments, talk to your STLS link teacher or bring the pupil to LIFT.`,
  },
  {
    title: "Speech, language and communication: using the Balanced System",
    summary:
      "How the Balanced System framework helps a school organise support for speech, language and communication needs, from universal classroom practice to specialist help.",
    owner: "officer",
    needs: ["SLCN"],
    topics: ["inclusive-practice", "graduated-approach"],
    body: `Speech, language and communication needs (SLCN) are among the most common needs in primary schools and are often missed in older pupils, where they can show up as poor behaviour, difficulty with reading comprehension or reluctance to join in. Language underpins learning in every subject, so support for communication is part of good teaching for everyone.

## The Balanced System

The Balanced System® is a framework for organising support for speech, language and communication across a school or an area. It has **five strands**:

1. **Family support** — helping parents and carers support their child's communication;
2. **Environment** — making classrooms and the school communication-friendly;
3. **Workforce** — making sure staff have the skills they need;
4. **Identification** — spotting needs early and accurately;
5. **Intervention** — providing the right help for those who need more.

Each strand works at **three levels**: universal (for every pupil), targeted (for pupils who need some extra help) and specialist (for the few who need specialist input). A school can use the framework to audit what it offers and to work towards accreditation.

## Universal: a communication-friendly classroom

- Teach vocabulary explicitly: choose the words a topic needs, pre-teach them to pupils who need it, and revisit them.
- Model language: expand what pupils say ("Yes, the volcano *erupted*") rather than correcting them.
- Use visual supports alongside talk: pictures, word mats, graphic organisers.
- Give thinking time and structured talk: talk partners, sentence stems, "think, pair, share".
- Reduce background noise, and face pupils when speaking.

## Identifying needs

Watch for pupils who:

- struggle to follow instructions, especially longer ones;
- have a limited vocabulary or find it hard to find words;
- are hard to understand, or whose sentences are short and simple for their age;
- find it hard to tell a story or explain in sequence;
- withdraw from group work or use behaviour to avoid talk.

Use a screening tool where the school has one, and ask parents what they notice at home. Record the need as SLCN in the pupil's plan where that is the primary need; many autistic pupils also have language needs.

## Targeted and specialist support

Targeted support might be a small-group language programme delivered by a trained teaching assistant, with clear entry and exit measures. Where a pupil makes little progress, or their speech is very hard to understand, seek specialist advice: the NHS speech and language therapy service, your STLS link teacher, or a referral to LIFT. Some pupils with significant language needs and an EHC plan are supported in a Specialist Resource Provision designated for SLCN.

## Working with families

Share the words you are teaching so families can use them at home, and suggest simple activities such as sharing a book, talking about the day or playing turn-taking games.`,
  },
  {
    title: "Nurture and the Boxall Profile",
    summary:
      "How nurture principles and the Boxall Profile help schools understand and support pupils with social, emotional and mental health needs, in nurture groups and across the school.",
    owner: "champion",
    needs: ["SEMH"],
    topics: ["wellbeing", "inclusive-practice"],
    body: `Pupils with social, emotional and mental health (SEMH) needs may be withdrawn or anxious, may find it hard to manage their feelings, or may show behaviour that challenges. Behind the behaviour there is often an unmet developmental need: to feel safe, to trust adults, to make sense of what is happening. Nurture approaches start from that understanding.

## The six principles of nurture

NurtureUK's six principles are a useful lens for the whole school, not only for a nurture group:

1. Children's learning is understood developmentally.
2. The classroom offers a safe base.
3. The importance of nurture for the development of wellbeing.
4. Language is a vital means of communication.
5. All behaviour is communication.
6. The importance of transition in children's lives.

Ask of any pupil who is struggling: which of these needs is not being met for them at the moment?

## The Boxall Profile

The Boxall Profile is an assessment of social, emotional and behavioural development completed by an adult who knows the pupil well. It has two parts: the **developmental strands**, which describe the skills a pupil has developed (such as attending, participating, connecting with others), and the **diagnostic profile**, which describes behaviours that may be getting in the way of learning. Used together they show where a pupil is developmentally, which may be very different from their age.

Use the profile:

- to understand a pupil and plan the right support;
- as a baseline, repeating it to measure progress (often after a term or two);
- as evidence in a pupil's SEN support plan, a LIFT referral or a funding request.

## Nurture groups

A nurture group is a small, structured group, usually of up to a dozen pupils, run by two trained adults in a homely room, with the aim of returning pupils to full-time learning in their class. Pupils stay on the roll of their class and join it for part of each day. Groups work best when the whole staff understand and support their purpose.

Kent's **Nurturing Kent** programme, with NurtureUK, supports schools through the National Nurturing Schools Programme, Boxall Profile training and setting up nurture groups.

## Nurture across the school

Schools without a nurture group can still use nurture principles:

- a named adult the pupil checks in with at the start and end of the day;
- a calm, predictable welcome at the door;
- a safe space to go to, agreed in advance, with a plan for returning to class;
- explicit teaching of emotional vocabulary and regulation strategies;
- careful planning for transitions: between lessons, after holidays, to a new year group.

## When to seek more help

If a pupil's needs are not met despite consistent support, record what has been tried and seek advice: your STLS link teacher (the SEMH discipline), LIFT, or, where there are concerns about mental health, the NHS services available in your area. Concerns about a pupil's safety always go to the designated safeguarding lead straight away.`,
  },
  {
    title: "Attendance and part-time timetables",
    summary:
      "Supporting pupils with SEND to attend school, and when a part-time timetable may be appropriate: temporary, agreed with the family, reviewed often and planned towards full-time education.",
    owner: "officer",
    needs: ["SEMH"],
    topics: ["attendance", "parents"],
    body: `Pupils with SEND are more likely than their peers to miss school, and absence makes every other difficulty harder. Low attendance is often a sign that something in school is not working for the pupil: anxiety, unmet learning needs, sensory overload, difficulties with friendships. The DfE's guidance *Working together to improve school attendance* expects schools to work with families to understand and remove barriers, and to make reasonable adjustments for pupils with SEND.

## Understanding the barrier

Start with a conversation with the pupil and their parents or carers, separately if that helps. Ask:

- Which days, lessons or times are hardest?
- What happens on the journey, at the gate, in the first lesson?
- Is there anything in school the pupil is worried about?
- What has helped before?

Record the pattern of absence. Monday mornings, particular lessons, or days after a change in routine each suggest different causes.

## Adjustments that help

- a named adult to meet the pupil at arrival, and a quiet way in;
- a predictable start to the day, with a task the pupil can succeed at;
- flexibility over uniform, equipment or noisy spaces where sensory needs are a factor;
- a place to go and a plan for when the pupil feels overwhelmed;
- reviewing the pupil's SEN support plan: are their learning needs being met?

## Part-time timetables

A part-time timetable should be rare. It may be right for a short time — to support a pupil's return after a long absence or to manage a medical need — but every pupil of compulsory school age is entitled to full-time education. A part-time timetable must:

- be **agreed with the parents or carers**, never imposed;
- be **temporary**, with a clear plan for increasing the hours back to full time;
- be **reviewed regularly**, typically every few weeks, with the family and the pupil;
- be recorded accurately in the attendance register, using the code the DfE's guidance sets for part-time timetables;
- not be used as a sanction or as a way of managing behaviour.

Keep a written plan showing the hours now, the next step and the date of the next review. If the hours are not increasing, ask why: the pupil may need more support, a different approach or specialist advice.

## Working with the council

Tell the council about any pupil on a part-time timetable, as Kent's procedures require, and seek advice early if a pupil's attendance is falling. For pupils with an EHC plan, a change to their provision or attendance pattern may need an early annual review. An Inclusion Champion can help you look at the school's approach to attendance for pupils with SEND as a whole.

## Keep the pupil at the centre

Ask the pupil what would help, and keep asking. Small successes — an extra lesson attended, a morning without distress — are worth noticing and telling the family about.`,
  },
  {
    title: "Transition between phases and schools",
    summary:
      "Planning moves for pupils with SEND — into Reception, from primary to secondary, and between schools — so that what works travels with the pupil.",
    owner: "champion",
    needs: [],
    topics: ["transition", "parents", "ehc-plans"],
    body: `Transition is a significant moment for every pupil and can be especially hard for pupils with SEND: new buildings, new adults, new routines and the loss of relationships that made school feel safe. Good transition planning starts early and makes sure that what works for a pupil is known by the people who will teach them next.

## Start early

For the move from primary to secondary, begin planning in Year 5 for pupils with significant needs. For pupils with an EHC plan, the plan must be reviewed and amended, naming the new school, by **15 February** in the year of transfer; the annual review in Year 5 is the time to talk with the family about the options.

## What to pass on

A summary that a busy form tutor will actually read is worth more than a thick file. Include:

- a one-page profile written with the pupil: what people like about me, what is important to me, how best to support me;
- the pupil's current needs and the adjustments that help in class;
- what has been tried and did not work;
- triggers and early signs of distress, and what helps;
- key contacts and the family's views.

Send the SEN support plan or EHC plan, recent reviews and reports from specialists, and arrange a conversation between the SENCOs.

## Enhanced transition

Many pupils benefit from more than the standard transition day:

- extra visits to the new school, at quiet times first;
- photographs or a short video of key places and people;
- meeting a named key adult before the first day;
- a map and timetable to study over the summer;
- practising the journey;
- a plan for the first weeks: where to go at break, who to ask for help.

## Into Reception

Early years settings often know a great deal about a child. Visit the setting, talk to the key person and the family, and check whether early years funding or support was in place. Plan the environment and routines before the child starts, not after difficulties appear.

## Moves between schools mid-year

A pupil who joins mid-year may arrive with little information. Contact the previous school straight away, meet the family, and hold an early review of the pupil's needs rather than waiting for the next planned review.

## Transitions within the day

Transition is not only about changing schools. Moving between lessons, returning after a holiday, a new teacher or a supply day are all transitions. The same principles — preparation, predictability and a trusted adult — apply.

## Specialist Resource Provisions

For pupils moving into or out of a Specialist Resource Provision, plan with both the SRP and the mainstream staff: the pupil will spend time in both. Secondary SRPs serve Years 7 to 11, so plan post-16 transition early too.`,
  },
  {
    title: "Working with parents and carers",
    summary:
      "Building trusting partnerships with the families of pupils with SEND: listening, sharing information, planning together and handling disagreement well.",
    owner: "officer",
    needs: [],
    topics: ["parents", "graduated-approach"],
    body: `Parents and carers know their child better than anyone. The SEND Code of Practice puts their views, and the views of the child or young person, at the centre of planning: decisions should be made with families, not for them. A trusting partnership makes every other part of SEN support work better; a broken one makes everything harder.

## Listen first

When a parent raises a concern, take it seriously, even when the school does not see the same thing. Children often hold things together in school and fall apart at home. Ask open questions:

- What are you noticing at home?
- What does your child say about school?
- What helps them when they are upset?
- What would you most like to change?

Write down what the parent says in their words and include it in the pupil's plan.

## Meet regularly, and make meetings useful

The Code of Practice expects schools to meet the parents of pupils on SEN support at least three times a year. Make those meetings work:

- send the agenda and any reports beforehand;
- keep the number of professionals manageable and introduce everyone;
- start with the pupil's strengths;
- agree actions with names and dates, and send a short written summary afterwards;
- check the parent has understood the plan and knows who to contact.

## Share information clearly

Avoid jargon and acronyms, or explain them. Tell families what the school is doing, why, and how you will know if it is working. Let them know early if a plan is not working, not only at the review.

## Plan together

Ask families to contribute to the one-page profile and the outcomes in the SEN support plan. Suggest simple ways they can support the same goals at home. When the school is considering a LIFT referral, a funding request or an EHC needs assessment, explain what it involves and what the family's part will be: a LIFT referral needs their signed Agreement to Engage, and a High Needs Funding request needs their consent.

## When there is disagreement

Disagreement is normal and can be resolved. Acknowledge the family's feelings, focus on the child, and look for the next step you can agree on. Involve the headteacher if needed. Let families know about independent help: Information, Advice and Support Kent (IASK) provides free, impartial advice to families about SEND. An Inclusion Champion can also help a school think through how it works with families.

## Hard-to-reach or overwhelmed families

Some families find school difficult because of their own experiences or circumstances. Offer meetings at different times, by phone or online; make the first contact a positive one; and use the adult in school the family trusts most.`,
  },
  {
    title: "Preparing for inspection: SEND and inclusion",
    summary:
      "What inspectors are likely to look at for pupils with SEND, and how a school can show, through everyday practice rather than a special file, that it knows its pupils and meets their needs.",
    owner: "champion",
    needs: [],
    topics: ["inspection", "provision-mapping", "mainstream-core-standards"],
    body: `Inspection looks at how well a school serves all of its pupils, and inclusion is central to that: Ofsted's renewed framework gives inclusion its own place in the judgements. For pupils with SEND, inspectors want to see that the school identifies needs accurately, adapts teaching so that pupils learn the curriculum well, and that pupils are included in the full life of the school. The best preparation is good everyday practice that leaders understand and can explain.

## What inspectors are likely to explore

- **Identification:** how the school spots needs early and accurately, and how it avoids both missing needs and labelling pupils unnecessarily.
- **The curriculum:** whether pupils with SEND study the same ambitious curriculum as their peers, with adaptations, rather than a reduced one.
- **Teaching:** how teachers know pupils' needs and adapt their teaching in lessons.
- **Outcomes:** what pupils with SEND know and can do, and how they are prepared for their next stage.
- **Attendance and behaviour:** patterns of absence, suspensions and part-time timetables for pupils with SEND, and how the school responds.
- **Wider life of the school:** whether pupils with SEND take part in clubs, trips and responsibilities.
- **Leadership:** how leaders and governors know the quality of SEND provision and act on what they find.

## Evidence that comes from everyday work

You do not need a special inspection file. Make sure that:

- the SEN register is accurate and up to date, with needs recorded using the DfE codes;
- each pupil on SEN support has a current plan with outcomes, reviewed on time;
- the provision map shows what is provided and its impact;
- class teachers can explain, for pupils in their class, what their needs are and what they do about them;
- leaders can describe the school's strengths and priorities for SEND, linked to the Mainstream Core Standards.

## Preparing the SENCO and leaders

Practise explaining the school's approach briefly: how needs are identified, how the graduated approach works, two or three examples of pupils whose support has changed their experience of school, and what the school is improving next. Be honest about weaknesses and show what is being done.

## Listening to pupils and families

Inspectors may speak to pupils with SEND and to parents. Pupils should be able to say who helps them and what helps. Regular, genuine work with families is the best preparation for parent views.

## After inspection

Use the findings in your SEND development plan. An Inclusion Champion visit is a good opportunity, at any time, to look at provision with a fresh pair of eyes, using the same questions an inspector might ask.`,
  },
  {
    title: "High Needs Funding: building the evidence",
    summary:
      "What Kent's High Needs Funding criteria ask a mainstream school to show, and how to gather the evidence as part of normal SEN support rather than in a rush before a request.",
    owner: "officer",
    needs: [],
    topics: ["funding", "provision-mapping", "lift-stls"],
    body: `High Needs Funding (HNF) is the council's top-up funding, from the High Needs Block, for pupils in mainstream schools whose additional provision costs **£6,000 or more**. The school meets the first £6,000 from its notional SEN budget (element 2); HNF is element 3. Good requests are built from the ordinary records of SEN support, kept well over time.

## The criteria

A request must show that:

- the pupil has an EHC plan, or is on SEN support with severe and complex needs;
- the pupil is on roll full time;
- their needs have been identified with external professionals;
- the school has used its own resources first;
- the provision is at the **personalised** level of Kent's Mainstream Core Standards;
- LIFT advice has been sought (where the pupil has no EHC plan) and its recommendations have been put in place;
- relevant staff have had training in the last two years.

Pupils in Specialist Resource Provisions, special schools and pupil referral units are funded in other ways and are not eligible. Parents' or carers' **consent** is needed for a request.

## Building the evidence as you go

**Keep a costed provision map.** It shows the provision each pupil receives and what it costs, and so whether a pupil's support is approaching the £6,000 threshold.

**Record the graduated approach.** Dated plans and reviews show what was tried, for how long and with what effect. Several cycles of assess, plan, do, review are the clearest evidence of severe and complex needs that the school's own resources cannot meet.

**Keep LIFT outcomes with the pupil's record,** and note what the school did with each recommendation and when.

**Keep a training record.** Note which staff working with the pupil have been trained, in what and when. The portal's training record can be cited in a request.

**Involve families throughout,** so that consent is a natural step, not a surprise.

## After an award

An award lasts one year and is paid monthly. It is reviewed three times a year, and the school re-applies each year if the need continues. Use the reviews to show the impact of the funded provision: what the pupil can now do that they could not before.

## Changes in Kent

From September 2025 much high-needs support in mainstream is funded through Kent's Communities of Schools, each with its own budget and decision-making meeting. From September 2026, top-ups for EHC plans move to a banding model. Check the current scheme in the portal before making a request: schemes and rates are kept up to date there by the council.`,
  },
  {
    title: "Dyslexia and specific learning difficulties in the classroom",
    summary:
      "Recognising dyslexia and other specific learning difficulties, and the classroom adjustments and structured interventions that help pupils read, write and show what they know.",
    owner: "champion",
    needs: ["SPLD"],
    topics: ["inclusive-practice", "graduated-approach"],
    body: `A specific learning difficulty (SpLD, recorded in the census as SPLD) affects particular aspects of learning while other abilities are unaffected. Dyslexia is the most common; others include dyscalculia and developmental coordination difficulties (dyspraxia). The widely used Rose Review (2009) definition describes dyslexia as a learning difficulty that primarily affects the skills involved in accurate and fluent word reading and spelling, with characteristic difficulties in phonological awareness, verbal memory and verbal processing speed. It occurs across the range of intellectual abilities and is best thought of as a continuum, not a distinct category.

## Signs to look for

- slow, effortful reading, and difficulty decoding unfamiliar words;
- spelling that is inconsistent or much weaker than the pupil's spoken language;
- difficulty remembering sequences: days, months, times tables, instructions;
- a gap between what the pupil can say and what they can write;
- tiredness and frustration with reading and writing tasks;
- avoidance of reading aloud, or behaviour that deflects attention from it.

Early identification matters. In primary schools, pupils who are not keeping up with phonics despite good teaching need prompt, extra practice and closer assessment.

## Classroom adjustments

- Give written information in a clear, sans-serif font with good spacing, and avoid dense text.
- Avoid copying from the board: give a printed copy or a photo.
- Allow extra time for reading and writing tasks.
- Offer alternative ways to record: mind maps, speech-to-text, a scribe, typed work.
- Pre-teach key vocabulary and provide word banks.
- Read questions aloud or use text-to-speech, so that reading difficulties do not hide understanding in other subjects.
- Mark for content as well as spelling, and focus spelling feedback on a few high-frequency words.

## Structured interventions

Pupils with persistent difficulties benefit from structured, cumulative, multi-sensory teaching of phonics and spelling, delivered regularly by trained staff, with progress measured at the start and end. Short daily sessions usually do more than a long weekly one.

## Building confidence

Many pupils with dyslexia come to believe they are not clever. Talk about dyslexia openly and positively, recognise strengths in reasoning, creativity and speaking, and make sure reading difficulties do not exclude pupils from challenging content.

## When to seek more help

If progress is limited after well-delivered interventions, seek advice from your STLS link teacher (cognition and learning) or through LIFT. STLS runs courses for school staff, including on severe dyslexia. For exam access arrangements, follow the exam boards' requirements for assessment and evidence well before the exams.`,
  },
  {
    title: "Hearing and vision impairment in mainstream classrooms",
    summary:
      "Adjustments for pupils with hearing, vision or multi-sensory impairment, and how to work with Kent's county-wide Sensory team of specialist teachers.",
    owner: "officer",
    needs: ["HI", "VI", "MSI"],
    topics: ["inclusive-practice", "lift-stls"],
    body: `Pupils with a hearing impairment (HI), vision impairment (VI) or multi-sensory impairment (MSI) can learn alongside their peers in mainstream classrooms when the environment and teaching are adapted for them. Small changes often make a large difference. Kent's STLS has a county-wide Sensory team of specialist teachers, including qualified teachers of deaf children and young people and of children with vision impairment, who advise schools and work with individual pupils.

## Hearing impairment

Hearing loss varies widely, from mild or temporary (for example, glue ear) to profound. Many deaf pupils use hearing aids or cochlear implants, and some use a radio aid, where the teacher wears a transmitter.

- **Seating:** near the front, with a clear view of the teacher's face and away from noise sources.
- **Face the class** when speaking; do not talk while writing on the board.
- **Reduce background noise:** soft furnishings, closed doors, rubber feet on chairs.
- **Check the equipment** daily, and make sure the radio aid is used and switched off during private conversations.
- **Repeat other pupils' answers** so that the deaf pupil can follow the discussion.
- **Caption videos**, and give key vocabulary and instructions in writing.
- Be aware of **listening fatigue**: concentrating to hear is tiring.

## Vision impairment

Vision impairment also varies: some pupils have low vision, others use braille. The specialist teacher will advise on the pupil's functional vision and what works for them.

- **Modified print:** the font size, spacing and contrast the specialist recommends; a copy of board work close to the pupil.
- **Lighting:** avoid glare from windows and shiny surfaces; consider where the pupil sits relative to the light.
- **Describe what is shown:** say what you are pointing at, name pupils who speak.
- **Keep the room tidy and predictable,** and tell the pupil when furniture moves.
- **Allow extra time** and use technology: magnifiers, tablets, screen readers.
- **Plan for practical lessons, PE and trips** with a risk assessment done with the pupil and specialist, not to exclude them.

## Multi-sensory impairment

Pupils with MSI have a combination of hearing and vision difficulties and need a highly individual approach, often involving touch, objects of reference and consistent routines. Specialist advice is essential.

## Working with the Sensory team

Pupils known to the Sensory team will usually have a named specialist teacher who visits and advises. Share their advice with every adult who teaches the pupil and build it into the SEN support plan or EHC plan. Vision impairment support in Kent is moving to a specialist team; check the current arrangements through the portal or your STLS link teacher. Some pupils with an EHC plan attend a Specialist Resource Provision designated for hearing or vision impairment, spending much of their time in mainstream classes.

## Social inclusion

Sensory impairment can make friendships harder. Teach peers about the pupil's needs (with the pupil's agreement), plan group work carefully and make sure the pupil can take part fully in breaks and clubs.`,
  },
  {
    title: "EHC needs assessment: timescales and what schools provide",
    summary:
      "When to ask for an education, health and care needs assessment, the statutory timescales that follow, and what the school contributes at each stage and at annual reviews.",
    owner: "officer",
    needs: [],
    topics: ["ehc-plans", "graduated-approach", "parents"],
    body: `Most pupils with SEND have their needs met through SEN support. Where a pupil's needs cannot reasonably be met from the resources normally available to a mainstream school, even after the school has taken relevant and purposeful action, an **education, health and care (EHC) needs assessment** may be needed. It may lead to an EHC plan, a legal document describing the pupil's needs, the outcomes sought and the provision that must be made.

## Before requesting an assessment

The council will want to see the school's evidence of the graduated approach: several cycles of assess, plan, do, review; advice from specialists (in Kent, often through LIFT and STLS); the provision the school has made from its own resources and its impact; and the views of the pupil and family. Parents can also request an assessment themselves, and a school should support them with the evidence it holds.

## The statutory timescales

- The council must decide whether to carry out an assessment within **6 weeks** of the request.
- If it assesses, it gathers advice (including from the school, educational psychology, health and social care).
- If it decides to issue a plan, the final EHC plan must be issued within **20 weeks** of the original request.
- Once in place, a plan must be reviewed at least every **12 months** (the annual review), and the council must make its decision after the review within **4 weeks** of the review meeting.

Kent's own figures show about 60% of plans issued within 20 weeks; schools can help by providing their advice promptly and completely.

## What the school provides

**The request or supporting evidence:** the pupil's history of SEN support, plans and reviews, assessments, the provision map entries and costs, and specialist reports.

**Educational advice** when asked: a clear description of the pupil's needs in each area, what the pupil can do, what has worked, and the provision the school believes is needed. Write specifically: "daily 20-minute small-group language sessions delivered by a trained teaching assistant" is more useful than "support with language".

**Continuity during the assessment:** the assessment does not pause SEN support. Keep the graduated approach going and record it.

## Annual reviews

The school usually organises the annual review meeting. Invite the family, the pupil and relevant professionals in good time, gather views beforehand, and focus on progress towards the plan's outcomes. Send the review report to the council promptly: the council's 4-week decision runs from the meeting. For a pupil moving school phase, the review in the year before transfer is when the next placement is considered; for the move to secondary, the plan must be amended by 15 February in the year of transfer.

## Funding

From September 2026, EHC plan top-ups in Kent move to a banding model funded by the level of support a pupil needs rather than by diagnosis. The portal holds the current bands.`,
  },
  {
    title: "Physical disability: access, independence and safety",
    summary:
      "Including pupils with physical disabilities in every part of school life: access planning, personal care, independence, therapy advice and safe moving and handling.",
    owner: "officer",
    needs: ["PD"],
    topics: ["inclusive-practice", "transition"],
    reviewedMonthsAgo: 13,
    body: `Pupils with a physical disability (PD) have a wide range of needs, from mild coordination difficulties to complex conditions requiring specialist equipment and personal care. Many learn without any additional learning needs; what they need is access, the right equipment and adults who promote their independence. Kent's STLS has a county-wide Physical Disability team who advise schools.

## Planning access

Schools have duties under the Equality Act 2010 to make reasonable adjustments and to plan to improve access over time (the accessibility plan). For an individual pupil, think through the whole day:

- getting in and out of the building, between floors and to every room they need, including in an evacuation;
- seating and desk height, space to move a wheelchair or walker, storage for equipment;
- toilets and changing facilities;
- the playground, lunch hall, PE, science labs, trips and residentials.

Plan before the pupil arrives or before a change of classroom, and involve the pupil and family.

## Individual plans

A pupil with significant physical needs usually needs:

- an **individual healthcare plan** where there is a medical condition, agreed with the family and health professionals;
- a **personal care plan**, which protects the pupil's dignity and says who provides care, where and how;
- a **moving and handling plan** and risk assessment, with staff trained in safe techniques and in any equipment such as hoists;
- a **personal emergency evacuation plan (PEEP)**.

Review these plans at least yearly and whenever the pupil's needs change.

## Therapy advice

Physiotherapists and occupational therapists often recommend exercises, positioning or equipment. Build their advice into the school day in a way that minimises time out of lessons, and make sure more than one adult is trained so that the programme continues when someone is absent.

## Independence

Adults supporting a pupil with a physical disability can unintentionally do too much. Aim for the pupil to do as much as they safely can, with the right equipment, and to direct their own support as they grow older. Plan for the pupil to take part fully in PE with adapted activities, rather than sitting out.

## Fatigue and learning

Some conditions cause fatigue or pain. Consider rest breaks, a reduced homework load, alternatives to handwriting (such as a laptop or speech-to-text) and extra time. Access arrangements for exams need to be planned in advance.

## Social inclusion

Make sure the pupil is not isolated by their support: an adult constantly at their side can keep peers away. Plan break times and group work so that the pupil has time with friends. Some pupils with an EHC plan attend a Specialist Resource Provision designated for physical disability, spending much of their time in mainstream classes; transition into and out of it needs careful planning with both teams.`,
  },
  {
    title: "Moderate learning difficulties: adapting the curriculum",
    summary:
      "Supporting pupils with moderate learning difficulties to access an ambitious curriculum: small steps, overlearning, concrete resources and careful checking of understanding.",
    owner: "champion",
    needs: ["MLD"],
    topics: ["inclusive-practice", "graduated-approach", "mainstream-core-standards"],
    body: `Pupils with moderate learning difficulties (MLD) find learning harder than most of their peers across many areas of the curriculum: they may acquire new knowledge and skills more slowly, find abstract ideas hard, and need more practice to remember what they have learned. They may also have difficulties with language, memory, concentration and self-esteem. With well-adapted teaching, they can make good progress through the same curriculum as their peers.

## Principles of adaptation

**Keep the ambition, change the route.** Pupils with MLD should meet the same important ideas as their classmates. Adapt how they are taught: more steps, more practice, more concrete support, rather than a different, easier topic.

**Break learning into small steps.** Identify the essential knowledge in a unit and sequence it carefully. Check each step is secure before moving on.

**Make the abstract concrete.** Use objects, images, models and real-life examples. In mathematics, work from concrete apparatus through pictures to symbols, and return to the concrete when a new idea is introduced.

**Overlearn and revisit.** Build in frequent, short retrieval practice: a few questions at the start of each lesson on earlier learning. Spaced repetition helps knowledge stay.

**Reduce the load on working memory.** Give one instruction at a time, provide written or visual steps, use worked examples and keep key information visible.

**Pre-teach vocabulary.** Introduce key words before the lesson, with pictures, and use them consistently.

## Checking understanding

Ask pupils to show or explain in their own words, not just to answer yes or no. Use mini whiteboards, hinge questions and short tasks that reveal misconceptions. Plan what you will do if a pupil has not understood: a different explanation, a concrete resource, a peer model.

## Interventions

Targeted interventions in reading, number or language can help pupils close specific gaps. Choose programmes with a clear structure, deliver them consistently, measure progress at the start and end, and link them back to class lessons.

## Independence and self-esteem

Pupils with MLD can become reliant on adult support. Teach strategies they can use independently (word mats, number lines, checklists), fade support deliberately, and celebrate what they can do. Make sure they have real roles and responsibilities in class.

## Working with families

Share the small steps the pupil is working on so that families can practise at home: reading together, counting in everyday situations, talking about the day.

## When to seek more help

If a pupil is not making progress despite well-adapted teaching and interventions, review their needs: there may be other factors such as language difficulties, sensory needs or anxiety. Seek advice from your STLS link teacher (cognition and learning) or through LIFT, bringing your records of the graduated approach.`,
  },
  {
    title: "Supporting pupils with Tourette syndrome",
    summary: "A first draft: understanding tics, reducing anxiety and planning adjustments for pupils with Tourette syndrome.",
    owner: "champion",
    status: "draft",
    needs: ["OTH"],
    topics: ["inclusive-practice"],
    body: `Tourette syndrome is a neurological condition that causes tics: involuntary sounds and movements. Tics often change over time and can increase with stress, excitement or tiredness.

## To finish

- what teachers can do in class (ignore tics calmly, allow movement breaks, a signal to leave the room);
- tests and exams: a separate room, rest breaks;
- talking to classmates, with the pupil's agreement;
- common co-occurring needs and where to seek advice.`,
  },
  {
    title: "Applying for High Needs Funding before September 2025",
    summary: "How individual High Needs Funding claims were made before Kent's Communities of Schools took over much of this funding. Kept for reference only.",
    owner: "officer",
    status: "archived",
    needs: [],
    topics: ["funding"],
    body: `Until September 2025, schools applied for High Needs Funding for each pupil individually, and officers decided each claim.

From September 2025 much of this funding is managed through Kent's 53 Communities of Schools, with community budgets decided at community meetings. See **High Needs Funding: building the evidence** for the current guidance.`,
  },
];

/** Seeds the demo library (the champion's and officer's articles); does nothing if there are articles already. */
export async function seedDemoGuidance(db: DB, now: Date): Promise<void> {
  if (await db.selectFrom("guidance_articles").select("id").limit(1).executeTakeFirst()) return;
  const owners: Record<Owner, { id: number; role: string }> = {
    champion: { id: await userIdOf(db, "champion@kent.example"), role: "inclusion_champion" },
    officer: { id: await userIdOf(db, "officer@kent.example"), role: "council_officer" },
  };
  for (const [i, article] of ARTICLES.entries()) {
    const owner = owners[article.owner];
    const status = article.status ?? "published";
    const written = monthsBefore(now, 14, i);
    const reviewed = status === "published" ? monthsBefore(now, article.reviewedMonthsAgo ?? 2, i) : null;
    const version = status === "draft" ? 1 : 2;
    const row = await db
      .insertInto("guidance_articles")
      .values({
        slug: slugOf(article.title),
        title: article.title,
        summary: article.summary,
        body_markdown: article.body,
        body_text: markdownPlainText(article.body),
        status,
        owner_user_id: owner.id,
        created_by: owner.id,
        created_at: written,
        updated_at: reviewed ?? written,
        published_at: status === "draft" ? null : (reviewed ?? written),
        last_reviewed_at: reviewed,
        last_reviewed_by: reviewed ? owner.id : null,
        version,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (article.needs.length > 0) await db.insertInto("guidance_article_need_types").values(article.needs.map((need_code) => ({ guidance_article_id: row.id, need_code }))).execute();
    if (article.topics.length > 0) await db.insertInto("guidance_article_topics").values(article.topics.map((topic_code) => ({ guidance_article_id: row.id, topic_code }))).execute();
    await db
      .insertInto("guidance_article_versions")
      .values({
        guidance_article_id: row.id,
        version: 1,
        title: article.title,
        summary: article.summary,
        body_markdown: article.body,
        need_codes: JSON.stringify(article.needs),
        topic_codes: JSON.stringify(article.topics),
        owner_user_id: owner.id,
        saved_by: owner.id,
        saved_at: written,
      })
      .execute();
    const events: { action: string; from_status: string | null; to_status: string; occurred_at: Date }[] = [{ action: "created", from_status: null, to_status: "draft", occurred_at: written }];
    if (status === "published") events.push({ action: "published", from_status: "draft", to_status: "published", occurred_at: reviewed! });
    if (status === "archived") {
      events.push({ action: "published", from_status: "draft", to_status: "published", occurred_at: monthsBefore(now, 13, i) });
      events.push({ action: "archived", from_status: "published", to_status: "archived", occurred_at: monthsBefore(now, 1, i) });
    }
    await db
      .insertInto("guidance_article_events")
      .values(events.map((e) => ({ ...e, guidance_article_id: row.id, actor_user_id: owner.id, actor_role: owner.role })))
      .execute();
  }
}

async function userIdOf(db: DB, email: string): Promise<number> {
  return (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

/** `months` before now, a few hours apart per article so their order is stable. */
function monthsBefore(now: Date, months: number, i: number): Date {
  const at = new Date(now);
  at.setUTCMonth(at.getUTCMonth() - months);
  at.setUTCHours(at.getUTCHours() - i);
  return at;
}
