"""The curated knowledge base: YAML data, its schema, and the loader that validates it."""

from knowledge.base import Aspect, Framework, KnowledgeBase, Source
from knowledge.loader import KnowledgeBaseError, Problem, default_path, load_knowledge_base
from knowledge.schema import Claim, Fact

__all__ = [
    "Aspect",
    "Claim",
    "Fact",
    "Framework",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Problem",
    "Source",
    "default_path",
    "load_knowledge_base",
]
