/// The default keyword dictionary, identical to `dictionaries/default.toml` (a HarkStore test decodes the
/// file and compares), so pure-Swift code — tests, the benchmark, a store that has no dictionary yet —
/// can analyse without reading files. Regenerate it from the TOML when the file changes.
extension KeywordDictionary {
    public static let standard = KeywordDictionary(categories: [
        KeywordCategory(name: "不满", role: .negative, weight: 2.0, color: "negative", terms: [
            KeywordTerm("不满意"), KeywordTerm("不满"), KeywordTerm("很差"), KeywordTerm("太差了"), KeywordTerm("太糟糕"), KeywordTerm("糟糕"), KeywordTerm("失望"), KeywordTerm("生气"), KeywordTerm("愤怒"), KeywordTerm("气死了"), KeywordTerm("受不了"), KeywordTerm("太过分了"), KeywordTerm("什么破"), KeywordTerm("垃圾"), KeywordTerm("没解决"), KeywordTerm("还没解决"), KeywordTerm("没有解决"), KeywordTerm("不靠谱"), KeywordTerm("not happy"), KeywordTerm("unhappy"), KeywordTerm("dissatisfied"), KeywordTerm("disappointed"), KeywordTerm("terrible"), KeywordTerm("awful"), KeywordTerm("angry"), KeywordTerm("upset"), KeywordTerm("unacceptable"), KeywordTerm("ridiculous"), KeywordTerm("not satisfied"), KeywordTerm("fed up"), KeywordTerm("still not fixed"), KeywordTerm("still not resolved"),
        ]),
        KeywordCategory(name: "投诉", role: .negative, weight: 4.0, color: "negative", terms: [
            KeywordTerm("投诉"), KeywordTerm("举报"), KeywordTerm("要投诉"), KeywordTerm("告你们"), KeywordTerm("315"), KeywordTerm("三一五"), KeywordTerm("曝光"), KeywordTerm("找你们领导"), KeywordTerm("消费者协会"), KeywordTerm("12315"), KeywordTerm("complaint"), KeywordTerm("complain"), KeywordTerm("file a complaint"), KeywordTerm("report you"), KeywordTerm("speak to your manager"), KeywordTerm("speak to a supervisor"), KeywordTerm("sue you"),
        ]),
        KeywordCategory(name: "焦急", role: .negative, weight: 1.0, color: "negative", terms: [
            KeywordTerm("急死了"), KeywordTerm("快点"), KeywordTerm("怎么这么慢"), KeywordTerm("等不及"), KeywordTerm("太慢了"), KeywordTerm("赶紧"), KeywordTerm("马上处理"), KeywordTerm("等了好久"), KeywordTerm("等了半天"), KeywordTerm("hurry up"), KeywordTerm("so slow"), KeywordTerm("too slow"), KeywordTerm("waiting forever"), KeywordTerm("asap"), KeywordTerm("taking so long"),
        ]),
        KeywordCategory(name: "困惑", role: .negative, weight: 0.5, color: "negative", terms: [
            KeywordTerm("不明白"), KeywordTerm("听不懂"), KeywordTerm("没听懂"), KeywordTerm("什么意思"), KeywordTerm("搞不懂"), KeywordTerm("看不懂"), KeywordTerm("不清楚"), KeywordTerm("糊涂"), KeywordTerm("don't understand"), KeywordTerm("do not understand"), KeywordTerm("confused"), KeywordTerm("what do you mean"), KeywordTerm("not clear"), KeywordTerm("makes no sense"),
        ]),
        KeywordCategory(name: "满意", role: .positive, weight: 1.5, color: "positive", terms: [
            KeywordTerm("很好"), KeywordTerm("不错"), KeywordTerm("满意"), KeywordTerm("谢谢"), KeywordTerm("帮大忙了"), KeywordTerm("太好了"), KeywordTerm("挺好的"), KeywordTerm("感谢"), KeywordTerm("多谢"), KeywordTerm("唔该晒"), KeywordTerm("唔该你"), KeywordTerm("thank you"), KeywordTerm("thanks"), KeywordTerm("great"), KeywordTerm("satisfied"), KeywordTerm("happy"), KeywordTerm("perfect"), KeywordTerm("appreciate"),
        ]),
        KeywordCategory(name: "表扬", role: .positive, weight: 2.0, color: "positive", terms: [
            KeywordTerm("表扬"), KeywordTerm("点赞"), KeywordTerm("专业"), KeywordTerm("态度好"), KeywordTerm("耐心"), KeywordTerm("服务很好"), KeywordTerm("好评"), KeywordTerm("professional"), KeywordTerm("very helpful"), KeywordTerm("so helpful"), KeywordTerm("patient"), KeywordTerm("excellent service"), KeywordTerm("well done"),
        ]),
        KeywordCategory(name: "解决问题", role: .positive, weight: 2.0, color: "positive", terms: [
            KeywordTerm("解决了"), KeywordTerm("弄好了"), KeywordTerm("可以了"), KeywordTerm("明白了"), KeywordTerm("已经为您"), KeywordTerm("已为您"), KeywordTerm("处理好了"), KeywordTerm("办好了"), KeywordTerm("已经处理"), KeywordTerm("resolved"), KeywordTerm("fixed"), KeywordTerm("solves it"), KeywordTerm("solved"), KeywordTerm("that works"), KeywordTerm("has been processed"), KeywordTerm("i have processed"), KeywordTerm("i've processed"), KeywordTerm("taken care of"),
        ]),
        KeywordCategory(name: "退款", role: .business, weight: 1.0, color: "business", terms: [
            KeywordTerm("退款"), KeywordTerm("退钱"), KeywordTerm("返还"), KeywordTerm("退货"), KeywordTerm("退费"), KeywordTerm("钱退"), KeywordTerm("退给我"), KeywordTerm("refund"), KeywordTerm("money back"), KeywordTerm("reimburse"), KeywordTerm("return the item"), KeywordTerm("chargeback"),
        ]),
        KeywordCategory(name: "售后", role: .business, weight: 1.0, color: "business", terms: [
            KeywordTerm("维修"), KeywordTerm("保修"), KeywordTerm("售后"), KeywordTerm("换货"), KeywordTerm("坏了"), KeywordTerm("故障"), KeywordTerm("质量问题"), KeywordTerm("repair"), KeywordTerm("warranty"), KeywordTerm("replacement"), KeywordTerm("broken"), KeywordTerm("defective"), KeywordTerm("not working"),
        ]),
        KeywordCategory(name: "咨询", role: .business, weight: 0.5, color: "business", terms: [
            KeywordTerm("怎么用"), KeywordTerm("如何使用"), KeywordTerm("咨询一下"), KeywordTerm("想咨询"), KeywordTerm("了解一下"), KeywordTerm("怎么操作"), KeywordTerm("how do i"), KeywordTerm("how to use"), KeywordTerm("i'd like to ask"), KeywordTerm("i have a question"), KeywordTerm("could you tell me"),
        ]),
        KeywordCategory(name: "问候", role: .compliance, weight: 2.0, color: "compliance", terms: [
            KeywordTerm("您好"), KeywordTerm("你好"), KeywordTerm("很高兴为您服务"), KeywordTerm("欢迎致电"), KeywordTerm("工号"), KeywordTerm("有什么可以帮您"), KeywordTerm("hello"), KeywordTerm("good morning"), KeywordTerm("good afternoon"), KeywordTerm("welcome to"), KeywordTerm("how can i help"), KeywordTerm("how may i help"),
        ], speaker: .agent, order: 1),
        KeywordCategory(name: "身份核验", role: .compliance, weight: 3.0, color: "compliance", terms: [
            KeywordTerm("身份证后四位"), KeywordTerm("核实一下您的身份"), KeywordTerm("核实您的身份"), KeywordTerm("核实身份"), KeywordTerm("验证您的身份"), KeywordTerm("身份证号码"), KeywordTerm("预留手机号"), KeywordTerm("verify your identity"), KeywordTerm("confirm your identity"), KeywordTerm("last four digits"), KeywordTerm("date of birth"), KeywordTerm("security question"),
        ], speaker: .agent, order: 2),
        KeywordCategory(name: "风险提示", role: .compliance, weight: 3.0, color: "compliance", terms: [
            KeywordTerm("风险提示"), KeywordTerm("有一定风险"), KeywordTerm("请注意风险"), KeywordTerm("投资有风险"), KeywordTerm("请您知悉"), KeywordTerm("不可撤销"), KeywordTerm("please note the risk"), KeywordTerm("there is a risk"), KeywordTerm("risk warning"), KeywordTerm("please be aware"), KeywordTerm("cannot be undone"),
        ], speaker: .agent, order: 3),
        KeywordCategory(name: "结束语", role: .compliance, weight: 2.0, color: "compliance", terms: [
            KeywordTerm("还有什么可以帮您"), KeywordTerm("感谢您的来电"), KeywordTerm("祝您生活愉快"), KeywordTerm("再见"), KeywordTerm("感谢来电"), KeywordTerm("anything else i can help"), KeywordTerm("thank you for calling"), KeywordTerm("thank you for your call"), KeywordTerm("have a nice day"), KeywordTerm("goodbye"), KeywordTerm("thanks for calling"),
        ], speaker: .agent, order: 4),
        KeywordCategory(name: "否定", role: .negation, weight: 1.0, color: "negation", terms: [
            KeywordTerm("不"), KeywordTerm("没"), KeywordTerm("没有"), KeywordTerm("未"), KeywordTerm("别"), KeywordTerm("不太"), KeywordTerm("不是"), KeywordTerm("并不"), KeywordTerm("不可能"), KeywordTerm("从未"), KeywordTerm("毫无"), KeywordTerm("不要"), KeywordTerm("不用"), KeywordTerm("不需要"), KeywordTerm("不想"), KeywordTerm("not"), KeywordTerm("never"), KeywordTerm("no"), KeywordTerm("don't"), KeywordTerm("isn't"), KeywordTerm("wasn't"), KeywordTerm("didn't"), KeywordTerm("doesn't"), KeywordTerm("cannot"), KeywordTerm("can't"), KeywordTerm("won't"), KeywordTerm("do not"), KeywordTerm("dont"), KeywordTerm("hardly"),
        ]),
        KeywordCategory(name: "粤语", role: .dialect, weight: 1.0, color: "dialect", terms: [
            KeywordTerm("唔该"), KeywordTerm("靓仔"), KeywordTerm("嘅"), KeywordTerm("咗"), KeywordTerm("冇"), KeywordTerm("佢"), KeywordTerm("係"), KeywordTerm("喺"), KeywordTerm("乜嘢"), KeywordTerm("点解"), KeywordTerm("唔系"), KeywordTerm("唔好"), KeywordTerm("边度"), KeywordTerm("几多钱"),
        ], dialect: "yue"),
        KeywordCategory(name: "四川话", role: .dialect, weight: 1.0, color: "dialect", terms: [
            KeywordTerm("啥子"), KeywordTerm("要得"), KeywordTerm("巴适"), KeywordTerm("晓得", weight: 0.5), KeywordTerm("莫得"), KeywordTerm("安逸"), KeywordTerm("瓜娃子"), KeywordTerm("晓不得"), KeywordTerm("咋个"), KeywordTerm("锤子"),
        ], dialect: "sichuan"),
    ])
}
