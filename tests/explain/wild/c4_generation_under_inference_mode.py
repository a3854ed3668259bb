# ruff: noqa
# source: https://github.com/huggingface/trl/issues/2953
# cause: with num_iterations > 1 the tensors made under torch.inference_mode() in another method are reused in the training forward pass, which must save them for backward; the maintainers' fix (PR #2987) computes them under torch.no_grad() instead.
# class: 4
# mistake: line 22, variable completions
# fix: replace line 22 with: @torch.no_grad()
# error: RuntimeError: Inference tensors cannot be saved for backward
# expect: runs clean; trainer.policy.weight.grad is not None
# cause-words: inference_mode, completions|generate
# fix-words: no_grad|clone

import torch
import torch.nn as nn


class GRPOTrainer:
    def __init__(self, num_iterations=3):
        self.policy = nn.Linear(8, 8)
        self.optimizer = torch.optim.AdamW(self.policy.parameters(), lr=1e-4)
        self.num_iterations = num_iterations

    @torch.inference_mode()
    def generate(self, prompts):
        return torch.tanh(self.policy(prompts))

    def _get_per_token_logps(self, completions):
        return torch.log_softmax(self.policy(completions), dim=-1)

    def training_step(self, prompts):
        completions = self.generate(prompts)
        old_logps = self._get_per_token_logps(completions).detach()
        for _ in range(self.num_iterations):
            logps = self._get_per_token_logps(completions)
            loss = -(torch.exp(logps - old_logps)).mean()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()


trainer = GRPOTrainer()
trainer.training_step(torch.randn(4, 8))
