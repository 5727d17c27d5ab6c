import HarkText
import Testing

@Suite struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test func traditionalBecomesSimplified() {
        #expect(normalizer.normalize("您好,這裡是客服中心,我要投訴") == "您好,这里是客服中心,我要投诉")
    }

    @Test func fullWidthAndCaseFold() {
        #expect(normalizer.normalize("ＲＥＦＵＮＤ please") == "refund please")
    }

    @Test func simplifiedIsUnchanged() {
        #expect(normalizer.normalize("退款怎么还没到") == "退款怎么还没到")
    }
}
