# The 纳税信用A级纳税人名单 tax authorities publish each April (纳税信用管理办法, 国家税务总局公告2014年第40号 §29),
# as the published files title its columns. The list has no date of its own: give the day it was published,
# and the tax office when the file does not name it, on the command line:
#   credcheck import DB a_grade.xlsx --kind lists --profile tax_a_grade --set entered_on=2024-04-15
@kind lists
@name 纳税信用A级纳税人名单
纳税人识别号 -> subject_code
统一社会信用代码 -> subject_code
纳税人名称 -> subject_name
评价年度 -> document_no
税务机关 -> department
主管税务机关 -> department
序号 -> -
list = tax.a_grade
