# 失信被执行人名单 with the fields the courts publish (中国执行信息公开网; 最高人民法院关于公布失信被执行人
# 名单信息的若干规定, 法释〔2017〕7号 §6). The published list masks a person's ID number (3208191960****6833):
# such a row cannot name a subject and is rejected saying so; organisations carry their full code.
@kind lists
@name 失信被执行人名单（公布字段）
被执行人姓名/名称 -> subject_name
被执行人姓名 -> subject_name
身份证号码/组织机构代码 -> subject_code
身份证号码/统一社会信用代码 -> subject_code
执行法院 -> department
案号 -> document_no
发布时间 -> entered_on
失信被执行人行为具体情形 -> reason
执行依据文号 -> -
做出执行依据单位 -> -
生效法律文书确定的义务 -> -
被执行人的履行情况 -> -
已履行部分 -> -
未履行部分 -> -
立案时间 -> -
法定代表人或者负责人姓名 -> -
性别 -> -
年龄 -> -
省份 -> -
序号 -> -
list = court.dishonest_debtor
