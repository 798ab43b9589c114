namespace TutorBot.Conversation;

/// <summary>
/// A command whose help line lives in its feature's own resources rather than in <c>Strings.resx</c>: the help
/// card asks it for the word and the line, in the current culture.
/// </summary>
public interface ILocalisedHelp
{
    string HelpWord { get; }

    string HelpLine { get; }
}
