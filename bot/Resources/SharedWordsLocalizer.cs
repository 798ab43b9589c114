using Microsoft.Extensions.Localization;

namespace TutorBot.Resources;

/// <summary>
/// A feature's strings, falling back to <see cref="Strings"/> (the words features share: date, time, place, the
/// input errors, "add to my calendar"): a shared word is written once, in Strings.resx, never copied into a
/// feature's resx (ResourceParityTests checks that no French text appears in two files).
/// </summary>
public sealed class SharedWordsLocalizer<T>(IStringLocalizerFactory factory) : IStringLocalizer<T>
{
    private readonly IStringLocalizer _own = factory.Create(typeof(T));
    private readonly IStringLocalizer _shared = factory.Create(typeof(Strings));

    public LocalizedString this[string name] => Pick(_own[name], () => _shared[name]);

    public LocalizedString this[string name, params object[] arguments] => Pick(_own[name, arguments], () => _shared[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _own.GetAllStrings(includeParentCultures);

    private static LocalizedString Pick(LocalizedString own, Func<LocalizedString> shared) =>
        own.ResourceNotFound && typeof(T) != typeof(Strings) ? shared() : own;
}
